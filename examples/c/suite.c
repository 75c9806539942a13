/*
 * The C ABI's acceptance suite, run on real pools by tests/integration/capi.rs (under valgrind):
 * every case a firmware engineer meets first, through zsplice.h alone.
 *
 *   suite SOURCE_POOL DESTINATION_POOL SOURCE_MOUNTPOINT WORK_DIR
 *
 * SOURCE_POOL holds SOURCE_POOL/data (a few small files) and SOURCE_POOL/big (hundreds of MiB,
 * so a transfer lasts long enough to be cancelled); DESTINATION_POOL is empty. The engine's state
 * directory is made as WORK_DIR/state; stream files go to WORK_DIR. Prints one line
 * per case ("ok - NAME" or "not ok - NAME: why") and exits 0 only when every case passed.
 * The `zfs` command is used only to check what zsplice did, never to do it.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zsplice.h>

#ifndef EXPECTED_VERSION
#error "build with -DEXPECTED_VERSION=\"$(pkg-config --modversion zsplice)\""
#endif

static const char *src, *dst, *src_mnt, *work_dir;
static zsplice_engine *engine;
static int failed;

/* Ends the current case as failed, saying why and what zsplice said last. */
#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fail(__func__, __LINE__, #cond, __VA_ARGS__);                                         \
            return;                                                                               \
        }                                                                                         \
    } while (0)

static void fail(const char *name, int line, const char *cond, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    printf("not ok - %s: line %d: %s (%s)\n    zsplice_last_error: %s\n", name, line, why, cond,
           zsplice_last_error());
    failed++;
}

#define PASS() printf("ok - %s\n", __func__)

/* Shows what zsplice said, with the code it returned, under the case's line. */
static void said(int rc)
{
    printf("#   %d: %s\n", rc, zsplice_last_error());
}

/* "POOL/rel" into buf. */
static const char *ds(char *buf, size_t n, const char *pool, const char *rel)
{
    snprintf(buf, n, "%s/%s", pool, rel);
    return buf;
}

/* Whether `text` contains `part` (a NULL text contains nothing). */
static int has(const char *text, const char *part)
{
    return text != NULL && strstr(text, part) != NULL;
}

/* The first line `command` prints, without its newline ("" when none). */
static void first_line(const char *command, char *out, size_t n)
{
    out[0] = '\0';
    FILE *p = popen(command, "r");
    if (p == NULL)
        return;
    if (fgets(out, (int)n, p) != NULL)
        out[strcspn(out, "\n")] = '\0';
    pclose(p);
}

/* Whether `zfs list` finds `name`. */
static int exists(const char *name)
{
    char cmd[512], out[512];
    snprintf(cmd, sizeof cmd, "zfs list -H -o name '%s' 2>/dev/null", name);
    first_line(cmd, out, sizeof out);
    return strcmp(out, name) == 0;
}

/* Writes `kib` KiB of bytes made from `seed` to SOURCE_MOUNTPOINT/rel. */
static int write_file(const char *rel, unsigned seed, size_t kib)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", src_mnt, rel);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    unsigned char block[1024];
    for (size_t k = 0; k < kib; k++) {
        for (size_t i = 0; i < sizeof block; i++) {
            seed = seed * 1103515245u + 12345u;
            block[i] = (unsigned char)(seed >> 16);
        }
        fwrite(block, 1, sizeof block, f);
    }
    return fclose(f) == 0;
}

/* Takes one snapshot through the ABI. */
static int snap(const char *name)
{
    const char *names[] = {name};
    return zsplice_snapshot(engine, names, 1, false);
}

/* What a progress callback saw. Called on zsplice's threads, never two at once. */
struct progress {
    uint64_t calls, done, total;
    int went_back, over; /* done went down; done passed total */
    atomic_int moving; /* set once 64 MiB moved: read by the cancelling thread */
};

static void on_progress(uint64_t done, uint64_t total, void *user)
{
    struct progress *p = user;
    if (done < p->done)
        p->went_back = 1;
    if (done > total)
        p->over = 1;
    p->calls++;
    p->done = done;
    p->total = total;
    if (done >= 64u << 20)
        atomic_store(&p->moving, 1);
}

/* Log lines, kept for checks; the callback may run on several threads at once. */
struct log {
    pthread_mutex_t lock;
    char *text;
    size_t len;
    struct progress progress;
};

static void on_log(const char *line, void *user)
{
    struct log *l = user;
    size_t n = strlen(line);
    pthread_mutex_lock(&l->lock);
    char *grown = realloc(l->text, l->len + n + 2);
    if (grown != NULL) {
        l->text = grown;
        memcpy(l->text + l->len, line, n);
        l->len += n;
        l->text[l->len++] = '\n';
        l->text[l->len] = '\0';
    }
    pthread_mutex_unlock(&l->lock);
}

static void on_log_progress(uint64_t done, uint64_t total, void *user)
{
    on_progress(done, total, &((struct log *)user)->progress);
}

static void log_init(struct log *l)
{
    memset(l, 0, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
}

static void log_free(struct log *l)
{
    free(l->text);
    pthread_mutex_destroy(&l->lock);
}

/* A call that succeeded reports, last, all it moved as done of its total: 100 %. */
static int ended_whole(const struct progress *p)
{
    return p->calls > 0 && !p->over && !p->went_back && p->done == p->total;
}

static void version_is_the_crate_version(void)
{
    const char *v = zsplice_version();
    CHECK(v != NULL && strncmp(v, EXPECTED_VERSION, strlen(EXPECTED_VERSION)) == 0,
          "zsplice_version() is '%s', pkg-config says %s", v ? v : "(null)", EXPECTED_VERSION);
    char c = v[strlen(EXPECTED_VERSION)];
    CHECK(c == '\0' || c == ' ', "'%s' goes on after the version without a space", v);
    PASS();
}

static void null_arguments_are_usage_errors(void)
{
    CHECK(zsplice_open(NULL) == NULL, "zsplice_open(NULL) opened an engine");
    CHECK(has(zsplice_last_error(), "state_dir"), "the error does not name state_dir");
    char a[256];
    int rc = zsplice_replicate(NULL, ds(a, sizeof a, src, "data"), dst, NULL, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE, "NULL engine gave %d", rc);
    CHECK(has(zsplice_last_error(), "engine is NULL"), "the error does not say engine");
    rc = zsplice_replicate(engine, NULL, dst, NULL, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "source"), "NULL source gave %d",
          rc);
    CHECK(zsplice_task_show(engine, NULL) == NULL, "task_show(NULL) returned a string");
    CHECK(zsplice_snapshot(engine, NULL, 2, false) == ZSPLICE_ERR_USAGE, "NULL snapshots");
    zsplice_replicate_options bad;
    zsplice_replicate_options_init(&bad);
    bad.size = 4096; /* as from a newer header */
    rc = zsplice_replicate(engine, a, dst, &bad, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "newer"),
          "an options struct from a newer header gave %d", rc);
    bad.size = 0; /* never initialised */
    rc = zsplice_replicate(engine, a, dst, &bad, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "_init"),
          "an options struct whose size was never set gave %d", rc);
    /* Frees and closes of NULL are no-ops; a success clears the last error. */
    zsplice_free_string(NULL);
    zsplice_close(NULL);
    CHECK(zsplice_cancel(engine) == ZSPLICE_OK, "cancel with nothing running");
    CHECK(strcmp(zsplice_last_error(), "") == 0, "a success left '%s'", zsplice_last_error());
    PASS();
}

static void full_then_incremental_with_progress(void)
{
    char s[256], d[256], name[300];
    ds(s, sizeof s, src, "data");
    ds(d, sizeof d, dst, "data");
    snprintf(name, sizeof name, "%s@one", s);
    CHECK(snap(name) == ZSPLICE_OK, "snapshot %s", name);

    struct progress p = {0};
    int rc = zsplice_replicate(engine, s, d, NULL, on_progress, &p);
    CHECK(rc == ZSPLICE_OK, "full replicate gave %d", rc);
    CHECK(p.calls > 0 && p.done > 0 && p.total > 0, "progress: %llu calls, %llu of %llu",
          (unsigned long long)p.calls, (unsigned long long)p.done, (unsigned long long)p.total);
    CHECK(ended_whole(&p), "progress ended at %llu of %llu (over %d, back %d)",
          (unsigned long long)p.done, (unsigned long long)p.total, p.over, p.went_back);
    snprintf(name, sizeof name, "%s@one", d);
    CHECK(exists(name), "%s is not at the destination", name);

    CHECK(write_file("data/more.bin", 7, 2048), "writing data/more.bin");
    snprintf(name, sizeof name, "%s@two", s);
    CHECK(snap(name) == ZSPLICE_OK, "snapshot %s", name);
    struct progress q = {0};
    rc = zsplice_replicate(engine, s, d, NULL, on_progress, &q);
    CHECK(rc == ZSPLICE_OK, "incremental replicate gave %d", rc);
    CHECK(q.calls > 0 && q.done > 0, "incremental progress: %llu calls, %llu bytes",
          (unsigned long long)q.calls, (unsigned long long)q.done);
    CHECK(q.done < p.done + 4 * 1024 * 1024, "the incremental sent %llu bytes, a full copy's worth",
          (unsigned long long)q.done);
    CHECK(ended_whole(&q), "incremental progress ended at %llu of %llu",
          (unsigned long long)q.done, (unsigned long long)q.total);
    snprintf(name, sizeof name, "%s@two", d);
    CHECK(exists(name), "%s is not at the destination", name);

    /* Nothing new: succeeds and sends nothing. */
    struct progress r = {0};
    rc = zsplice_replicate(engine, s, d, NULL, on_progress, &r);
    CHECK(rc == ZSPLICE_OK && r.done == 0 && r.total == 0,
          "an up-to-date replicate gave %d, %llu of %llu bytes", rc, (unsigned long long)r.done,
          (unsigned long long)r.total);
    PASS();
}

static void a_diverged_destination_is_refused_with_what_would_be_destroyed(void)
{
    char s[256], d[256], name[300];
    ds(s, sizeof s, src, "data");
    ds(d, sizeof d, dst, "data");
    snprintf(name, sizeof name, "%s@local", d);
    CHECK(snap(name) == ZSPLICE_OK, "snapshot %s", name);
    snprintf(name, sizeof name, "%s@three", s);
    CHECK(snap(name) == ZSPLICE_OK, "snapshot %s", name);

    int rc = zsplice_replicate(engine, s, d, NULL, NULL, NULL);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_REFUSED, "replicate gave %d, not ZSPLICE_ERR_REFUSED", rc);
    CHECK(has(zsplice_last_error(), d) && has(zsplice_last_error(), "local"),
          "the refusal does not name %s and its snapshot @local", d);
    snprintf(name, sizeof name, "%s@local", d);
    CHECK(exists(name), "the refusal destroyed %s", name);

    zsplice_replicate_options o;
    zsplice_replicate_options_init(&o);
    o.allow_from_scratch = true;
    struct progress p = {0};
    rc = zsplice_replicate(engine, s, d, &o, on_progress, &p);
    CHECK(rc == ZSPLICE_OK, "allowed re-copy gave %d", rc);
    CHECK(p.total > 0 && ended_whole(&p), "re-copy progress ended at %llu of %llu",
          (unsigned long long)p.done, (unsigned long long)p.total);
    snprintf(name, sizeof name, "%s@three", d);
    CHECK(exists(name), "%s is not at the destination after the re-copy", name);
    PASS();
}

static void bad_names_are_usage_errors_naming_them(void)
{
    char d[256];
    ds(d, sizeof d, dst, "x");
    int rc = zsplice_replicate(engine, "tank//bad name", d, NULL, NULL, NULL);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_USAGE, "a bad source name gave %d", rc);
    CHECK(has(zsplice_last_error(), "tank//bad name"), "the error does not quote the name");
    rc = zsplice_replicate(engine, d, "backup@snap", NULL, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "backup@snap"),
          "a snapshot as destination gave %d", rc);
    const char *names[] = {"tank/no-at-sign"};
    rc = zsplice_snapshot(engine, names, 1, false);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "tank/no-at-sign"),
          "a snapshot name without @ gave %d", rc);
    PASS();
}

static void a_missing_pool_is_named(void)
{
    char s[256], d[256];
    ds(d, sizeof d, dst, "frommissing");
    int rc = zsplice_replicate(engine, "nosuchpool/data", d, NULL, NULL, NULL);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_USAGE, "a missing source pool gave %d", rc);
    CHECK(has(zsplice_last_error(), "nosuchpool"), "the error does not name the pool");
    ds(s, sizeof s, src, "data");
    rc = zsplice_replicate(engine, s, "nosuchpool/copy", NULL, NULL, NULL);
    said(rc);
    CHECK(rc != ZSPLICE_OK && has(zsplice_last_error(), "nosuchpool"),
          "a missing destination pool gave %d", rc);
    CHECK(!exists(d), "%s appeared", d);
    rc = zsplice_create(engine, "nosuchpool/made", true);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "pool 'nosuchpool'"),
          "creating under a missing pool gave %d", rc);
    PASS();
}

struct canceller {
    struct log *log;
    int cancelled;
};

/* The second thread: waits until a good part of the stream moved (a receive stopped before
 * it wrote anything keeps nothing to resume), then cancels everything on the engine. */
static void *cancel_when_moving(void *arg)
{
    struct canceller *c = arg;
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 60000 && !atomic_load(&c->log->progress.moving); i++)
        nanosleep(&tick, NULL);
    c->cancelled = atomic_load(&c->log->progress.moving) && zsplice_cancel(engine) == ZSPLICE_OK;
    return NULL;
}

static void a_cancel_from_another_thread_leaves_a_resumable_destination(void)
{
    char s[256], d[256], name[300], cmd[512], token[4096];
    ds(s, sizeof s, src, "big");
    ds(d, sizeof d, dst, "big");
    snprintf(name, sizeof name, "%s@one", s);
    CHECK(snap(name) == ZSPLICE_OK, "snapshot %s", name);

    struct log l;
    log_init(&l);
    struct canceller c = {&l, 0};
    pthread_t t;
    CHECK(pthread_create(&t, NULL, cancel_when_moving, &c) == 0, "pthread_create");
    zsplice_replicate_options o;
    zsplice_replicate_options_init(&o);
    o.log = on_log;
    int rc = zsplice_replicate(engine, s, d, &o, on_log_progress, &l);
    pthread_join(t, NULL);
    said(rc);
    log_free(&l);
    CHECK(c.cancelled, "the second thread never saw 64 MiB move");
    CHECK(rc == ZSPLICE_ERR_CANCELLED, "the cancelled replicate gave %d", rc);

    snprintf(cmd, sizeof cmd, "zfs get -H -o value receive_resume_token '%s'", d);
    first_line(cmd, token, sizeof token);
    CHECK(strlen(token) > 1, "%s has no resume token ('%s')", d, token);

    log_init(&l);
    o.log = on_log;
    rc = zsplice_replicate(engine, s, d, &o, on_log_progress, &l);
    int resumed = has(l.text, "resum");
    int whole = ended_whole(&l.progress);
    log_free(&l);
    CHECK(whole, "the resumed replicate's progress did not end at 100 %%");
    CHECK(rc == ZSPLICE_OK, "the replicate after the cancel gave %d", rc);
    CHECK(resumed, "the replicate after the cancel did not say it resumed");
    snprintf(name, sizeof name, "%s@one", d);
    CHECK(exists(name), "%s is not at the destination", name);
    PASS();
}

static void a_task_is_created_started_listed_and_deleted(void)
{
    char json[1024], s[256], d[256];
    ds(s, sizeof s, src, "data");
    ds(d, sizeof d, dst, "task");
    snprintf(json, sizeof json,
             "{\"name\": \"c-task\", \"source_datasets\": [\"%s\"], \"target_dataset\": \"%s\", "
             "\"schedule\": \"once\", \"retention\": \"1w\"}",
             s, d);
    char *task = NULL;
    int rc = zsplice_task_create(engine, json, &task);
    CHECK(rc == ZSPLICE_OK, "task_create gave %d", rc);
    int named = has(task, "\"name\":\"c-task\"") && has(task, "\"state\"");
    zsplice_free_string(task);
    CHECK(named, "the created task's JSON lacks its name or state");
    rc = zsplice_task_create(engine, json, NULL);
    CHECK(rc != ZSPLICE_OK && has(zsplice_last_error(), "c-task"), "a second c-task gave %d", rc);

    rc = zsplice_task_create(engine, "{\"name\": \"bad\", \"source_datasets\": \"x\"}", NULL);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "source_datasets"),
          "a definition with a bad field gave %d", rc);
    rc = zsplice_task_create(engine, "not json", NULL);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_USAGE, "text that is not JSON gave %d", rc);

    struct log l;
    log_init(&l);
    zsplice_task_start_options o;
    zsplice_task_start_options_init(&o);
    o.log = on_log;
    char *run = NULL;
    rc = zsplice_task_start(engine, "c-task", &o, on_log_progress, &l, &run);
    int finished = has(run, "\"state\":\"finished\"");
    int logged = has(l.text, "c-task");
    uint64_t moved = l.progress.done;
    int whole = ended_whole(&l.progress);
    zsplice_free_string(run);
    log_free(&l);
    CHECK(rc == ZSPLICE_OK, "task_start gave %d", rc);
    CHECK(finished, "the run's JSON does not say finished");
    CHECK(logged && moved > 0, "the run logged nothing or moved no bytes");
    CHECK(whole, "the run's progress did not end at 100 %%");

    /* Started again at once: in the same minute (the default naming schema's period) it is
     * refused, nothing new to copy, and no run is recorded, so no record comes back; past a
     * minute's turn it is run 2. */
    char *again = NULL;
    rc = zsplice_task_start(engine, "c-task", NULL, NULL, NULL, &again);
    said(rc);
    int answered = again != NULL, second = has(again, "\"number\":2");
    zsplice_free_string(again);
    CHECK(rc == ZSPLICE_ERR_USAGE || rc == ZSPLICE_OK, "starting c-task again gave %d", rc);
    CHECK(rc == ZSPLICE_OK ? second : !answered,
          "the second start's answer does not match its code %d", rc);
    CHECK(zsplice_task_cancel(engine, "c-task") == ZSPLICE_ERR_USAGE,
          "cancelling a task that is not running");

    char *list = zsplice_task_list(engine);
    int listed = has(list, "\"tasks\"") && has(list, "c-task");
    zsplice_free_string(list);
    CHECK(listed, "task_list does not list c-task");
    char *shown = zsplice_task_show(engine, "c-task");
    int shows = has(shown, "\"last_run\"") && has(shown, d);
    zsplice_free_string(shown);
    CHECK(shows, "task_show lacks the last run or the destination");
    char *runs = zsplice_task_runs(engine, "c-task");
    int one_run = has(runs, "\"number\":1");
    zsplice_free_string(runs);
    CHECK(one_run, "task_runs lacks run 1");
    /* Run 1's: a slow machine may have let the second start above become run 2. */
    char *log = zsplice_task_log(engine, "c-task", 1);
    int has_log = has(log, "run 1 of task c-task");
    zsplice_free_string(log);
    CHECK(has_log, "task_log lacks the run's first line");
    CHECK(zsplice_task_show(engine, "no-such-task") == NULL &&
              has(zsplice_last_error(), "no-such-task"),
          "showing a missing task");

    char *deleted = NULL;
    rc = zsplice_task_delete(engine, "c-task", &deleted);
    int said = has(deleted, "\"deleted\":\"c-task\"");
    zsplice_free_string(deleted);
    CHECK(rc == ZSPLICE_OK && said, "task_delete gave %d", rc);
    PASS();
}

static void streams_go_to_a_file_and_come_back(void)
{
    char s1[300], s2[300], d[256], full[512], incr[512], bad[512];
    snprintf(s1, sizeof s1, "%s/data@one", src);
    snprintf(s2, sizeof s2, "%s/data@two", src);
    ds(d, sizeof d, dst, "files/fromfile");
    snprintf(full, sizeof full, "%s/full.zstream", work_dir);
    snprintf(incr, sizeof incr, "%s/incr.zstream", work_dir);
    snprintf(bad, sizeof bad, "%s/bad.zstream", work_dir);

    struct progress p = {0};
    int rc = zsplice_send_file(engine, s1, NULL, full, NULL, on_progress, &p);
    CHECK(rc == ZSPLICE_OK && p.done > 0, "send of %s gave %d", s1, rc);
    CHECK(ended_whole(&p), "the send's progress ended at %llu of %llu",
          (unsigned long long)p.done, (unsigned long long)p.total);
    zsplice_send_options so;
    zsplice_send_options_init(&so);
    so.compression = "zstd:3";
    rc = zsplice_send_file(engine, s2, "@one", incr, &so, NULL, NULL);
    CHECK(rc == ZSPLICE_OK, "incremental send gave %d", rc);
    rc = zsplice_send_file(engine, s2, "@one", incr, &so, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE && has(zsplice_last_error(), "incr.zstream"),
          "sending over an existing file gave %d", rc);
    so.compression = "lz4";
    so.overwrite = true;
    rc = zsplice_send_file(engine, s2, "@one", incr, &so, NULL, NULL);
    CHECK(rc == ZSPLICE_ERR_USAGE, "an unknown compression gave %d", rc);

    rc = zsplice_receive_file(engine, full, d, NULL, NULL, NULL);
    said(rc);
    CHECK(rc == ZSPLICE_ERR_FAILED && has(zsplice_last_error(), "does not exist"),
          "a receive under a missing parent gave %d", rc);
    char parent[256];
    ds(parent, sizeof parent, dst, "files");
    rc = zsplice_create(engine, parent, false);
    CHECK(rc == ZSPLICE_OK && exists(parent), "zsplice_create of %s gave %d", parent, rc);
    rc = zsplice_create(engine, parent, false);
    CHECK(rc == ZSPLICE_ERR_FAILED, "creating %s again gave %d", parent, rc);
    rc = zsplice_receive_file(engine, full, d, NULL, NULL, NULL);
    CHECK(rc == ZSPLICE_OK, "receive of the full file gave %d", rc);
    rc = zsplice_receive_file(engine, incr, d, NULL, NULL, NULL);
    CHECK(rc == ZSPLICE_OK, "receive of the incremental file gave %d", rc);
    char name[300];
    snprintf(name, sizeof name, "%s@two", d);
    CHECK(exists(name), "%s is not there", name);

    FILE *f = fopen(bad, "wb");
    CHECK(f != NULL, "creating %s", bad);
    fputs("this is not a stream\n", f);
    fclose(f);
    rc = zsplice_receive_file(engine, bad, d, NULL, NULL, NULL);
    said(rc);
    CHECK(rc != ZSPLICE_OK && zsplice_last_error()[0] != '\0', "a damaged file gave %d", rc);
    PASS();
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s SOURCE_POOL DESTINATION_POOL SOURCE_MOUNTPOINT WORK_DIR\n",
                argv[0]);
        return 2;
    }
    /* Each case's line as it ends, even if a later one crashes. */
    setvbuf(stdout, NULL, _IONBF, 0);
    src = argv[1];
    dst = argv[2];
    src_mnt = argv[3];
    work_dir = argv[4];
    char state_dir[512];
    snprintf(state_dir, sizeof state_dir, "%s/state", work_dir);
    engine = zsplice_open(state_dir);
    if (engine == NULL) {
        printf("not ok - zsplice_open: %s\n", zsplice_last_error());
        return 1;
    }
    version_is_the_crate_version();
    null_arguments_are_usage_errors();
    full_then_incremental_with_progress();
    a_diverged_destination_is_refused_with_what_would_be_destroyed();
    bad_names_are_usage_errors_naming_them();
    a_missing_pool_is_named();
    a_cancel_from_another_thread_leaves_a_resumable_destination();
    a_task_is_created_started_listed_and_deleted();
    streams_go_to_a_file_and_come_back();
    zsplice_close(engine);
    printf("%s: %d failed\n", failed ? "FAILED" : "PASSED", failed);
    return failed ? 1 : 0;
}
