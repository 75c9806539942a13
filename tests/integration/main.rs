//! Integration tests against real ZFS. `scripts/test.sh` runs them inside the OpenZFS guest with
//! ZSPLICE_REQUIRE_ZFS=1 and the `fault-injection` feature.
//!
//! This binary has its own harness (`harness = false`; `harness.rs`, on libtest-mimic): the
//! built-in one fixes at compile time which tests are ignored (`#[ignore]`), so a test that
//! found no ZFS could only return early and be counted as passed. Here every test is a plain
//! `pub fn`, registered below with what it needs ([`Needs`]); what this machine has is decided
//! once at start, and a test that cannot run here is reported as ignored, the reason printed
//! once before the run. `--include-ignored` runs them anyway (and they fail). With
//! ZSPLICE_REQUIRE_ZFS=1 nothing may be ignored: a test whose needs are missing fails, saying
//! why. A test function left unregistered is dead code, which the lint check refuses.

use crate::harness::{Needs, Test};

mod api;
mod browser;
mod capi;
mod cli_output;
mod compat;
mod faults;
mod harness;
mod helpers;
mod props;
mod scale;
mod served;
mod service;
mod soak;
mod streams;
mod tasks;
mod unattended;
mod webdriver;
mod zfs_layer;

/// `tests![Needs: module::function, ...]`: each test named after its function, as the built-in
/// harness named it (`faults::kill_9_...`).
macro_rules! tests {
    ($needs:ident: $($module:ident :: $test:ident),+ $(,)?) => {
        [$(Test {
            name: concat!(stringify!($module), "::", stringify!($test)),
            body: $module::$test,
            needs: Needs::$needs,
        }),+]
    };
}

fn registered() -> Vec<Test> {
    let mut all = Vec::new();
    all.extend(tests![Host:
        cli_output::output_into_a_closed_pipe_ends_quietly_with_exit_0,
        cli_output::output_cut_short_like_head_1_ends_quietly_with_exit_0,
        cli_output::other_output_errors_are_reported,
        cli_output::under_the_journal_log_lines_carry_their_priority_instead_of_a_timestamp,
        streams::stream_inspect_reads_standard_input_and_fifos_to_their_end,
        streams::names_from_a_stream_are_escaped_in_text_and_errors,
        streams::crafted_sizes_are_refused_with_a_message_not_a_panic,
        streams::replication_streams_are_refused_from_a_pipe_as_from_a_file,
        tasks::bad_task_definitions_are_refused_and_nothing_is_written,
        unattended::a_damaged_task_file_is_listed_with_its_error_and_the_others_still_show,
        zfs_layer::bad_names_give_clear_errors,
        zfs_layer::a_missing_dev_zfs_reads_as_module_not_loaded,
    ]);
    all.extend(tests![Zfs:
        api::a_task_is_created_listed_changed_run_and_deleted_through_the_api,
        api::the_dataset_browser_lists_every_pool_and_narrows_to_a_subtree,
        api::the_event_stream_sends_every_task_then_each_change_and_each_deletion,
        api::a_running_task_reports_progress_and_cannot_be_started_changed_or_deleted,
        api::bad_requests_get_a_json_error_naming_the_field_and_store_nothing,
        api::cross_site_requests_and_foreign_host_names_are_refused,
        api::a_diverged_destination_is_refused_with_what_a_recopy_destroys_then_recopied_when_allowed,
        api::a_second_start_in_the_same_minute_is_a_conflict_and_records_no_run,
        api::with_a_token_file_api_and_metrics_requests_need_the_bearer_token,
        api::a_loopback_listener_wants_the_token_it_made_and_other_local_users_are_refused,
        api::a_public_listener_refuses_to_start_without_a_private_token_file,
        api::a_unix_socket_listener_answers_without_a_token,
        api::metrics_after_runs_report_the_last_success_bytes_and_snapshots_of_each_task,
        api::the_openapi_document_describes_exactly_what_the_server_answers,
        cli_output::a_replication_whose_output_nobody_reads_still_completes,
        compat::version_names_the_release_of_module_and_library,
        compat::a_library_newer_than_the_module_is_refused_before_anything_is_done,
        compat::stream_files_move_between_releases,
        compat::a_property_this_release_lacks_is_refused_before_anything_is_sent,
        faults::a_full_destination_pool_fails_clearly_and_the_run_after_freeing_space_finishes,
        faults::a_source_renamed_or_destroyed_between_runs_is_reported_and_the_copy_kept,
        faults::a_held_base_destroyed_by_force_is_refused_until_a_recopy_is_allowed,
        props::overrides_of_every_kind_are_received_as_set,
        service::the_daemon_notifies_systemd_and_stops_cleanly_on_sigterm,
        soak::the_daemon_keeps_every_promise_under_random_faults,
        streams::stream_files_round_trip_full_and_incremental,
        streams::plain_streams_interoperate_with_zfs_send_and_receive,
        streams::damaged_or_misdirected_streams_are_refused_before_anything_is_received,
        streams::send_refuses_bad_input_and_keeps_existing_files,
        streams::pools_without_features_get_only_streams_they_can_take,
        streams::zfs_send_r_through_a_pipe_is_refused_before_anything_is_received,
        tasks::a_task_copies_full_then_incremental_and_refuses_divergence,
        tasks::retention_removes_only_expired_unheld_snapshots_of_the_task,
        tasks::retention_source_removes_what_the_source_destroyed_and_nothing_else,
        tasks::a_once_task_runs_exactly_once_under_the_daemon,
        tasks::deleting_a_task_releases_its_holds,
        tasks::a_modified_destination_is_refused_then_rolled_back_when_allowed,
        tasks::properties_are_replicated_with_excludes_and_overrides,
        tasks::one_shot_recursive_replicate_honours_excludes,
        tasks::a_terminal_user_can_confirm_a_recopy,
        tasks::a_stale_resume_token_is_discarded_and_the_copy_starts_over,
        tasks::missing_pools_and_damaged_state_are_refused_and_nothing_is_written,
        unattended::a_task_killed_mid_transfer_starts_again_at_once_with_the_default_schema,
        unattended::a_second_start_in_the_same_period_says_nothing_new_would_be_copied,
        unattended::replicate_right_after_kill_9_is_not_busy,
        unattended::deleting_a_running_task_is_refused_and_keeps_its_holds,
        unattended::holds_left_in_flight_by_a_crash_are_released,
        unattended::source_retention_keeps_the_newest_and_never_the_base_or_foreign_snapshots,
        unattended::two_tasks_on_one_source_share_the_period_s_snapshot,
        unattended::the_daemon_picks_up_task_changes_and_survives_a_damaged_task_file,
        zfs_layer::three_snapshots_in_one_call_share_one_createtxg,
        zfs_layer::listing_matches_zfs_list_for_a_large_tree,
        zfs_layer::full_and_incremental_send_receive_through_a_pipe,
        zfs_layer::a_held_snapshot_refuses_destroy_until_released,
        zfs_layer::an_incremental_from_a_bookmark_works,
        zfs_layer::an_interrupted_receive_leaves_a_token_and_resume_completes_it,
        zfs_layer::missing_datasets_give_clear_errors,
        zfs_layer::receive_with_a_header_read_first_and_rollback_to_the_newest_snapshot,
        scale::a_run_with_nothing_new_lists_no_snapshot_again,
        scale::a_snapshot_taken_in_the_second_of_a_run_is_copied_by_the_next,
        scale::a_destination_changed_behind_a_remembered_listing_is_seen,
        scale::a_run_after_a_copy_with_nothing_new_reads_no_dataset,
        scale::a_snapshot_taken_while_a_run_copies_is_copied_by_the_next,
        scale::a_history_ring_overwritten_since_the_last_run_is_noticed,
    ]);
    all.extend(tests![Browser:
        browser::a_user_in_chromium_adds_a_task_reads_its_log_and_confirms_a_recopy,
    ]);
    all.extend(tests![CLibrary:
        capi::the_c_suite_passes_on_real_pools_with_no_leak_or_invalid_access,
    ]);
    all.extend(tests![FaultHook:
        faults::kill_9_at_random_points_then_resume_equals_a_clean_run,
        faults::a_destination_pool_exported_mid_run_fails_clearly_and_the_next_run_recovers,
        faults::a_destination_destroyed_mid_run_fails_clearly_and_the_next_run_recopies,
        faults::a_second_start_is_refused_and_overlapping_tasks_cannot_be_created,
        faults::a_stalled_transfer_is_stopped_by_the_watchdog_and_retried,
        faults::sigterm_stops_the_daemon_cleanly_and_the_run_resumes,
        faults::a_catch_up_killed_mid_chain_resumes_and_every_snapshot_arrives,
    ]);
    all
}

/// The compatibility suite (`ZSPLICE_SUITE=compat`), which scripts/test.sh runs on every OpenZFS
/// release besides 2.3.2 (that one runs everything): the seed flow, listing cross-checked with
/// that release's `zfs list`, holds and bookmarks, kill -9 and resume from the token, stream
/// files out and in (and between releases), the version checks, and the C library's suite.
const COMPAT: &[&str] = &[
    "compat::",
    "capi::",
    "scale::",
    "tasks::a_task_copies_full_then_incremental_and_refuses_divergence",
    "tasks::a_modified_destination_is_refused_then_rolled_back_when_allowed",
    "tasks::deleting_a_task_releases_its_holds",
    "zfs_layer::three_snapshots_in_one_call_share_one_createtxg",
    "zfs_layer::listing_matches_zfs_list_for_a_large_tree",
    "zfs_layer::a_held_snapshot_refuses_destroy_until_released",
    "zfs_layer::an_incremental_from_a_bookmark_works",
    "zfs_layer::an_interrupted_receive_leaves_a_token_and_resume_completes_it",
    "zfs_layer::missing_datasets_give_clear_errors",
    "unattended::a_task_killed_mid_transfer_starts_again_at_once_with_the_default_schema",
    "unattended::replicate_right_after_kill_9_is_not_busy",
    "streams::stream_files_round_trip_full_and_incremental",
    "streams::plain_streams_interoperate_with_zfs_send_and_receive",
    "streams::damaged_or_misdirected_streams_are_refused_before_anything_is_received",
];

/// Whether a `COMPAT` entry (a test's name, or a module's with its `::`) takes in `name`.
fn takes_in(entry: &str, name: &str) -> bool {
    name == entry || (entry.ends_with("::") && name.starts_with(entry))
}

fn main() -> std::process::ExitCode {
    let mut tests = registered();
    // A renamed test must not silently leave the suite.
    for c in COMPAT {
        if !tests.iter().any(|t| takes_in(c, t.name)) {
            eprintln!("main.rs: COMPAT names {c}, which is no registered test");
            return std::process::ExitCode::from(2);
        }
    }
    match std::env::var("ZSPLICE_SUITE").as_deref() {
        Err(_) | Ok("" | "all") => {}
        Ok("compat") => tests.retain(|t| COMPAT.iter().any(|c| takes_in(c, t.name))),
        Ok(other) => {
            eprintln!("ZSPLICE_SUITE={other:?} is not a suite: use 'all' (default) or 'compat'");
            return std::process::ExitCode::from(2);
        }
    }
    harness::run_all(tests)
}
