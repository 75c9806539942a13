//! The HTTP API (docs/api.md) against a real `zsplice daemon --listen` on real pools, driven as
//! an appliance's UI drives it: every endpoint's plain path, bad inputs and the security rules
//! (each refusal a JSON error, nothing stored), a refusal and an allowed re-copy, tokens and
//! unix sockets, metrics after runs, and the OpenAPI document (src/http/openapi.json) checked
//! against what the server answers.
//!
//! The tests are grouped by theme: `flow` (every endpoint's plain path, the dataset browser,
//! the event stream, a run in progress), `refusals` (bad inputs, a diverged destination, a
//! second start), `security` (cross-site requests, the daemon's own token and token files,
//! public and unix listeners) and
//! `contract` (metrics after runs, the OpenAPI document). `client` and `events` speak HTTP,
//! `checks` holds the OpenAPI schema and Prometheus text checkers, `fixtures` the rest.

mod checks;
mod client;
mod contract;
mod events;
mod fixtures;
mod flow;
mod refusals;
mod security;

pub use contract::{
    metrics_after_runs_report_the_last_success_bytes_and_snapshots_of_each_task,
    the_openapi_document_describes_exactly_what_the_server_answers,
};
pub use flow::{
    a_running_task_reports_progress_and_cannot_be_started_changed_or_deleted,
    a_task_is_created_listed_changed_run_and_deleted_through_the_api,
    the_dataset_browser_lists_every_pool_and_narrows_to_a_subtree,
    the_event_stream_sends_every_task_then_each_change_and_each_deletion,
};
pub use refusals::{
    a_diverged_destination_is_refused_with_what_a_recopy_destroys_then_recopied_when_allowed,
    a_second_start_in_the_same_minute_is_a_conflict_and_records_no_run,
    bad_requests_get_a_json_error_naming_the_field_and_store_nothing,
};
pub use security::{
    a_loopback_listener_wants_the_token_it_made_and_other_local_users_are_refused,
    a_public_listener_refuses_to_start_without_a_private_token_file,
    a_unix_socket_listener_answers_without_a_token,
    cross_site_requests_and_foreign_host_names_are_refused,
    with_a_token_file_api_and_metrics_requests_need_the_bearer_token,
};
