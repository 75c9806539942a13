/*
 * The smallest complete use of libzsplice: replicate one dataset's snapshots to another pool,
 * with a progress line, and say why when it cannot.
 *
 *   cc -Wall -Werror replicate.c $(pkg-config --cflags --libs zsplice) -o zsplice-replicate
 *   ./zsplice-replicate tank/data backup/data
 */
#include <stdio.h>
#include <zsplice.h>

static void on_progress(uint64_t done, uint64_t total, void *user)
{
    (void)user;
    fprintf(stderr, "\r%llu of %llu bytes", (unsigned long long)done, (unsigned long long)total);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "zsplice %s\nusage: %s SOURCE DESTINATION\n", zsplice_version(), argv[0]);
        return 2;
    }
    zsplice_engine *engine = zsplice_open("/var/lib/zsplice");
    if (engine == NULL) {
        fprintf(stderr, "zsplice: %s\n", zsplice_last_error());
        return 1;
    }
    zsplice_replicate_options options;
    zsplice_replicate_options_init(&options);
    options.recursive = true;
    int rc = zsplice_replicate(engine, argv[1], argv[2], &options, on_progress, NULL);
    fprintf(stderr, "\n");
    if (rc != ZSPLICE_OK)
        fprintf(stderr, "zsplice: %s\n", zsplice_last_error());
    zsplice_close(engine);
    return rc;
}
