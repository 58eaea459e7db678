/* pipe_common.h -- what the pipeline commands (worker, sink, replay, run)
 * share: reading pipeline.conf plus flag overrides, stop signals, time. */
#ifndef WINNOW_CLI_PIPE_COMMON_H
#define WINNOW_CLI_PIPE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "winnow/config.h"
#include "winnow/source.h"

/* A command's own flag handler: called for each flag cli_parse does not
 * know, with the next argument as `val` (may be NULL). Returns 0 if the
 * flag is unknown, 1 if it used only the flag, 2 if it also used `val`,
 * -1 on a bad value (after printing a message). */
typedef int (*cli_flag_fn)(void *ud, const char *flag, const char *val);

/* Parses argv[1..argc) of command `cmd`: loads the --config file (or
 * `default_conf` if non-NULL and it exists), then applies, in order,
 * -o section.key=value and the shortcut flags (--workers N, --tasks EP,
 * --results EP, --acks EP, --hwm N, --max-in-flight N, --deadline-ms N,
 * --attempts N, --output PATH, --gzip auto|yes|no). Other flags go to
 * `own`. Positional arguments are stored in pos[0..*npos) (borrowed from
 * argv, at most maxpos). `conf_path` (may be NULL) receives the config file
 * used, "" if none. Prints a message and returns 2 on error, 1 when
 * --help was asked (after calling own with "--help"), else 0. */
int cli_parse(int argc, char **argv, const char *cmd, const char *default_conf, wn_config_t *cfg,
              cli_flag_fn own, void *ud, const char **pos, size_t maxpos, size_t *npos, const char **conf_path);

/* Installs SIGINT/SIGTERM handlers that only set a flag (SA_RESTART off,
 * so blocking calls return EINTR) and ignores SIGPIPE. */
void cli_signals_install(void);

/* In a child of `winnow run`: from now on cli_signals_install ignores
 * SIGINT. Ctrl-C reaches the whole process group; run alone handles it
 * (stops the source, lets it drain, then stops the others), so the
 * children must not stop on their own. */
void cli_signals_under_run(void);

/* Nonzero after cli_signals_under_run. */
int cli_is_under_run(void);

/* In a child forked (without exec) from a process that called
 * cli_signals_install: puts SIGINT/SIGTERM handled by it back to their
 * default action, as exec would, closes the parent's stop pipe and clears
 * the stop flag, so the child's own command starts afresh. */
void cli_signals_forget(void);

/* Nonzero once SIGINT or SIGTERM arrived; the signal number. */
int cli_stop_requested(void);

/* A descriptor that becomes readable when SIGINT or SIGTERM arrives (after
 * cli_signals_install; -1 if none could be made). Poll it beside sockets: a
 * signal landing between the stop check and the poll then still wakes the
 * poll instead of waiting out its timeout. */
int cli_stop_fd(void);

/* The source's end of winnow run's --control-fd pipe: lines "lost host/pid"
 * naming workers that died. */
typedef struct cli_ctl {
    int fd; /* -1: none (or run has closed it) */
    char buf[512];
    size_t len;
} cli_ctl_t;

/* Reads what waits on c->fd (without blocking) and calls
 * wn_source_worker_lost for each "lost NAME" line. At end of file sets
 * c->fd to -1. */
void cli_ctl_read(cli_ctl_t *c, wn_source_t *src);

/* Monotonic milliseconds. */
int64_t cli_now_ms(void);

/* " + skipped N by language" for a run summary, "" when N is 0 (a static
 * buffer, overwritten by the next call). */
const char *cli_lang_skipped(unsigned long long n);

/* The fields of one WET record the sink wrote (src/io/wetw.c) that the sink
 * and `replay --resume` read back. Pointers into the record. */
typedef struct cli_wet_fields {
    const char *id; /* Winnow-Id, NULL when absent (warcinfo, or not winnow's) */
    size_t id_len;
    int metadata;   /* WARC-Type: metadata (an error or skipped page; the body is its JSON record) */
    int empty;      /* Content-Length: 0 (a conversion record: an ok page with no main content) */
    const char *body;
    size_t body_len;
} cli_wet_fields_t;

/* Reads the header of the WET record rec[0..len) into *f (all zero when it
 * has no header end). */
void cli_wet_fields(const char *rec, size_t len, cli_wet_fields_t *f);

/* "host/pid", for result headers and logs. */
void cli_identity(char *out, size_t len);

/* Makes this process stop with its parent (PR_SET_PDEATHSIG SIGTERM):
 * a process started by `winnow run` calls it first thing, and so never
 * outlives the run. `parent` 0: no parent to watch. */
void cli_die_with_parent(pid_t parent);

/* Nonzero once the parent given to cli_die_with_parent is gone (the
 * process was re-parented): the check, in every wait loop, that covers a
 * missed signal. The first time it says so it also arms alarm(5): a
 * process that has not stopped 5 s later is ended by SIGALRM. */
int cli_parent_gone(void);

/* Prometheus text exposition, written as a file ([pipeline] stats = DIR:
 * DIR/winnow-ROLE-PID.prom, replaced atomically), the form node_exporter's
 * textfile collector reads. Every sample gets the label process="ROLE/PID". */
typedef struct cli_stats {
    char *text;
    size_t len, cap;
    char label[160];
} cli_stats_t;

/* Starts a new exposition for `role` (reuses st's memory). */
void cli_stats_begin(cli_stats_t *st, const char *role);

/* Adds "# TYPE name type" (type: counter, gauge, histogram). */
void cli_stats_type(cli_stats_t *st, const char *name, const char *type);

/* Adds one sample; `labels` (may be NULL) is extra label text, e.g.
 * status="ok". */
void cli_stats_sample(cli_stats_t *st, const char *name, const char *labels, double value);

/* A per-page latency histogram, buckets as WN_LATENCY_BOUNDS_MS
 * (winnow/source.h): n[i] counts the pages of at most bound i ms (and over
 * the one before), n[WN_LATENCY_BUCKETS] the rest; sum_ms their sum. */
typedef struct cli_hist {
    uint64_t n[WN_LATENCY_BUCKETS + 1];
    double sum_ms;
} cli_hist_t;

/* Counts one page of `ms` in h. */
void cli_hist_add(cli_hist_t *h, double ms);

/* Adds histogram `name` (in seconds, as Prometheus names it: NAME_bucket
 * with cumulative le="..." labels, NAME_sum, NAME_count) from per-bucket
 * counts n[0..WN_LATENCY_BUCKETS] and their sum in ms. */
void cli_stats_hist(cli_stats_t *st, const char *name, const uint64_t *n, double sum_ms);

/* Adds a source's counters (winnow_source_*: pages read, acknowledged by
 * status, errors, bytes, in flight, sends, resends, failovers, workers
 * lost, the page latency histogram), as replay and fetch write them. */
void cli_stats_source(cli_stats_t *st, const wn_source_stats_t *s);

/* Writes the exposition to DIR/winnow-ROLE-PID.prom; 0, or -1 (said once). */
int cli_stats_write(cli_stats_t *st, const char *dir, const char *role);

/* Frees st's memory. */
void cli_stats_free(cli_stats_t *st);

#endif
