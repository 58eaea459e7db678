/* pipe_common.c -- configuration, flags and signals shared by the pipeline
 * commands. The mutable file-scope state is the stop flag and its pipe: a
 * signal handler can only communicate through a volatile sig_atomic_t, and
 * through a write(2) that wakes a poll. */
#include "cli/pipe_common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;
static int stop_pipe[2] = {-1, -1}; /* the handler writes a byte: wakes a zmq_poll on cli_stop_fd() */

/* First signal: ask for a clean stop. Second: the default action, so a
 * stuck process can still be interrupted from the keyboard. */
static void on_signal(int sig) {
    if (stop_signal) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
    if (stop_pipe[1] >= 0) {
        int saved = errno;
        ssize_t w = write(stop_pipe[1], "", 1);
        (void)w;
        errno = saved;
    }
}

static int under_run; /* cli_signals_under_run: SIGINT is run's to handle */

void cli_signals_under_run(void) { under_run = 1; }

int cli_is_under_run(void) { return under_run; }

void cli_signals_install(void) {
    if (stop_pipe[0] < 0 && pipe2(stop_pipe, O_NONBLOCK | O_CLOEXEC) != 0) stop_pipe[0] = stop_pipe[1] = -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (under_run) signal(SIGINT, SIG_IGN);
    else sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

void cli_signals_forget(void) {
    struct sigaction sa;
    if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler == on_signal) signal(SIGINT, SIG_DFL);
    if (sigaction(SIGTERM, NULL, &sa) == 0 && sa.sa_handler == on_signal) signal(SIGTERM, SIG_DFL);
    for (int i = 0; i < 2; i++)
        if (stop_pipe[i] >= 0) close(stop_pipe[i]);
    stop_pipe[0] = stop_pipe[1] = -1;
    stop_signal = 0;
}

int cli_stop_requested(void) { return stop_signal; }

int cli_stop_fd(void) { return stop_pipe[0]; }

int64_t cli_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cli_identity(char *out, size_t len) {
    char host[64] = "localhost";
    if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    snprintf(out, len, "%s/%ld", host, (long)getpid());
}

void cli_ctl_read(cli_ctl_t *c, wn_source_t *src) {
    while (c->fd >= 0) {
        ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
        if (got < 0 && errno == EINTR) continue;
        if (got == 0) c->fd = -1; /* run is gone */
        if (got <= 0) return;
        c->len += (size_t)got;
        c->buf[c->len] = '\0';
        char *line = c->buf, *nl;
        while ((nl = strchr(line, '\n'))) {
            *nl = '\0';
            if (!strncmp(line, "lost ", 5)) (void)wn_source_worker_lost(src, line + 5);
            line = nl + 1;
        }
        c->len = strlen(line);
        memmove(c->buf, line, c->len + 1);
        if (c->len >= sizeof c->buf - 1) c->len = 0; /* an absurd line: dropped */
    }
}

static pid_t watched_parent; /* cli_die_with_parent: 0 when none */

void cli_die_with_parent(pid_t parent) {
    watched_parent = parent;
    if (!parent) return;
    (void)prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    if (getppid() != parent) raise(SIGTERM); /* it died before the line above */
}

int cli_parent_gone(void) {
    static int said;
    if (!watched_parent || getppid() == watched_parent) return 0;
    if (!said++) alarm(5); /* a process that does not stop within 5 s of its parent's death is ended (SIGALRM) */
    return 1;
}

static void stats_add(cli_stats_t *st, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void stats_add(cli_stats_t *st, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = st->cap - st->len;
        int n = st->text ? vsnprintf(st->text + st->len, room, fmt, ap) : -1;
        va_end(ap);
        if (n >= 0 && (size_t)n < room) {
            st->len += (size_t)n;
            return;
        }
        size_t ncap = st->cap ? st->cap * 2 : 4096;
        char *p = realloc(st->text, ncap);
        if (!p) return;
        st->text = p;
        st->cap = ncap;
    }
}

void cli_stats_begin(cli_stats_t *st, const char *role) {
    st->len = 0;
    if (st->text) st->text[0] = '\0';
    char host[64] = "localhost";
    if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    snprintf(st->label, sizeof st->label, "process=\"%s/%s/%ld\"", role, host, (long)getpid());
}

void cli_stats_type(cli_stats_t *st, const char *name, const char *type) {
    stats_add(st, "# TYPE %s %s\n", name, type);
}

void cli_stats_sample(cli_stats_t *st, const char *name, const char *labels, double value) {
    stats_add(st, "%s{%s%s%s} %.17g\n", name, st->label, labels ? "," : "", labels ? labels : "", value);
}

void cli_hist_add(cli_hist_t *h, double ms) {
    static const double bound[WN_LATENCY_BUCKETS] = WN_LATENCY_BOUNDS_MS;
    if (!(ms >= 0)) ms = 0;
    int b = 0;
    while (b < WN_LATENCY_BUCKETS && ms > bound[b]) b++;
    h->n[b]++;
    h->sum_ms += ms;
}

void cli_stats_hist(cli_stats_t *st, const char *name, const uint64_t *n, double sum_ms) {
    static const double bound[WN_LATENCY_BUCKETS] = WN_LATENCY_BOUNDS_MS;
    uint64_t cum = 0;
    stats_add(st, "# TYPE %s histogram\n", name);
    for (int b = 0; b <= WN_LATENCY_BUCKETS; b++) {
        cum += n[b];
        if (b < WN_LATENCY_BUCKETS)
            stats_add(st, "%s_bucket{%s,le=\"%g\"} %llu\n", name, st->label, bound[b] / 1000.0, (unsigned long long)cum);
        else
            stats_add(st, "%s_bucket{%s,le=\"+Inf\"} %llu\n", name, st->label, (unsigned long long)cum);
    }
    stats_add(st, "%s_sum{%s} %.17g\n", name, st->label, sum_ms / 1000.0);
    stats_add(st, "%s_count{%s} %llu\n", name, st->label, (unsigned long long)cum);
}

void cli_stats_source(cli_stats_t *st, const wn_source_stats_t *s) {
    cli_stats_type(st, "winnow_source_pages_read_total", "counter");
    cli_stats_sample(st, "winnow_source_pages_read_total", NULL, (double)s->read);
    cli_stats_type(st, "winnow_source_pages_total", "counter");
    cli_stats_sample(st, "winnow_source_pages_total", "status=\"ok\"", (double)s->ok);
    cli_stats_sample(st, "winnow_source_pages_total", "status=\"error\"", (double)s->error);
    cli_stats_sample(st, "winnow_source_pages_total", "status=\"skipped\"", (double)s->skipped);
    cli_stats_type(st, "winnow_source_pages_empty_total", "counter");
    cli_stats_sample(st, "winnow_source_pages_empty_total", NULL, (double)s->empty);
    cli_stats_type(st, "winnow_source_errors_total", "counter");
    cli_stats_sample(st, "winnow_source_errors_total", "kind=\"record\"", (double)s->failed);
    cli_stats_sample(st, "winnow_source_errors_total", "kind=\"gave_up\"", (double)s->gave_up);
    cli_stats_type(st, "winnow_source_bytes_total", "counter");
    cli_stats_sample(st, "winnow_source_bytes_total", NULL, (double)s->bytes);
    cli_stats_type(st, "winnow_source_in_flight", "gauge");
    cli_stats_sample(st, "winnow_source_in_flight", NULL, (double)s->in_flight);
    cli_stats_type(st, "winnow_source_tasks_sent_total", "counter");
    cli_stats_sample(st, "winnow_source_tasks_sent_total", NULL, (double)s->sent);
    cli_stats_type(st, "winnow_source_resends_total", "counter");
    cli_stats_sample(st, "winnow_source_resends_total", NULL, (double)s->resent);
    cli_stats_type(st, "winnow_source_failover_total", "counter");
    cli_stats_sample(st, "winnow_source_failover_total", NULL, (double)s->failover);
    cli_stats_type(st, "winnow_source_workers_lost_total", "counter");
    cli_stats_sample(st, "winnow_source_workers_lost_total", NULL, (double)s->lost);
    cli_stats_hist(st, "winnow_source_page_latency_seconds", s->latency, (double)s->latency_ms);
}

int cli_stats_write(cli_stats_t *st, const char *dir, const char *role) {
    static int warned;
    char path[1200], tmp[1300];
    snprintf(path, sizeof path, "%s/winnow-%s-%ld.prom", dir, role, (long)getpid());
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int bad = !f || (st->len && fwrite(st->text, 1, st->len, f) != st->len);
    if (f && fclose(f) != 0) bad = 1;
    if (!bad && rename(tmp, path) != 0) bad = 1;
    if (bad) {
        if (!warned++) fprintf(stderr, "winnow %s: cannot write statistics to %s: %s\n", role, path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

void cli_stats_free(cli_stats_t *st) {
    free(st->text);
    memset(st, 0, sizeof *st);
}

static const struct {
    const char *flag, *section, *key;
} shortcuts[] = {
    {"--workers", "pipeline", "workers"},       {"--tasks", "pipeline", "tasks"},
    {"--results", "pipeline", "results"},       {"--acks", "pipeline", "acks"},
    {"--hwm", "delivery", "hwm"},               {"--max-in-flight", "delivery", "max_in_flight"},
    {"--deadline-ms", "delivery", "deadline_ms"}, {"--attempts", "delivery", "attempts"},
    {"--output", "output", "path"},             {"--gzip", "output", "gzip"},
    {"--format", "extract", "format"},          {"--bias", "extract", "bias"},
    {"--lang", "extract", "lang"},
};

int cli_parse(int argc, char **argv, const char *cmd, const char *default_conf, wn_config_t *cfg,
              cli_flag_fn own, void *ud, const char **pos, size_t maxpos, size_t *npos, const char **conf_path) {
    char err[600];
    const char *conf = NULL;
    *npos = 0;
    wn_config_init(cfg);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "--config") || !strcmp(argv[i], "-c")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "winnow %s: %s needs a file\n", cmd, argv[i]);
                return 2;
            }
            conf = argv[++i];
        }
    }
    if (!conf && default_conf && access(default_conf, R_OK) == 0) conf = default_conf;
    if (conf_path) *conf_path = conf ? conf : "";
    if (conf && wn_config_load_file(cfg, conf, err, sizeof err) != WN_OK) {
        fprintf(stderr, "winnow %s: %s\n", cmd, err);
        return 2;
    }
    int only_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (only_pos || a[0] != '-' || !strcmp(a, "-")) {
            if (*npos >= maxpos) {
                fprintf(stderr, "winnow %s: too many arguments\n", cmd);
                return 2;
            }
            pos[(*npos)++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_pos = 1;
            continue;
        }
        if (!strcmp(a, "--config") || !strcmp(a, "-c")) {
            i++;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            if (own) own(ud, "--help", NULL);
            return 1;
        }
        if (!strcmp(a, "-o")) {
            if (!val || wn_config_set_arg(cfg, val, err, sizeof err) != WN_OK) {
                fprintf(stderr, "winnow %s: -o %s: %s\n", cmd, val ? val : "", val ? err : "needs section.key=value");
                return 2;
            }
            i++;
            continue;
        }
        int done = 0;
        if (!strcmp(a, "--format") && val && (!strcmp(val, "wet") || !strcmp(val, "jsonl"))) {
            /* an output format (the sink's), not an extraction format */
            (void)snprintf(cfg->output_format, sizeof cfg->output_format, "%s", val);
            i++;
            continue;
        }
        for (size_t k = 0; k < sizeof shortcuts / sizeof shortcuts[0]; k++) {
            if (strcmp(a, shortcuts[k].flag)) continue;
            if (!val || wn_config_set(cfg, shortcuts[k].section, shortcuts[k].key, val, err, sizeof err) != WN_OK) {
                fprintf(stderr, "winnow %s: %s: %s\n", cmd, a, val ? err : "needs a value");
                return 2;
            }
            i++;
            done = 1;
            break;
        }
        if (done) continue;
        int rc = own ? own(ud, a, val) : 0;
        if (rc < 0) return 2;
        if (rc == 0) {
            fprintf(stderr, "winnow %s: unknown option '%s' (see winnow %s --help)\n", cmd, a, cmd);
            return 2;
        }
        if (rc == 2) i++;
    }
    /* an output named .wet.gz or .wet is a WET file (docs/record.md, "WET") */
    size_t pl = strlen(cfg->output_path);
    if (!strcmp(cfg->output_format, "jsonl") && ((pl > 7 && !strcmp(cfg->output_path + pl - 7, ".wet.gz")) ||
                                                 (pl > 4 && !strcmp(cfg->output_path + pl - 4, ".wet"))))
        (void)snprintf(cfg->output_format, sizeof cfg->output_format, "wet");
    if (wn_config_check(cfg, err, sizeof err) != WN_OK) {
        fprintf(stderr, "winnow %s: %s%s%s\n", cmd, conf ? conf : "", conf ? ": " : "", err);
        return 2;
    }
    return 0;
}

void cli_wet_fields(const char *rec, size_t len, cli_wet_fields_t *f) {
    memset(f, 0, sizeof *f);
    const char *end = memmem(rec, len, "\r\n\r\n", 4);
    if (!end) return;
    f->body = end + 4;
    f->body_len = len - (size_t)(f->body - rec);
    for (const char *p = rec; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t l = (size_t)(le - p);
        if (l && p[l - 1] == '\r') l--;
        if (l > 11 && !strncasecmp(p, "Winnow-Id: ", 11)) f->id = p + 11, f->id_len = l - 11;
        if (l == 19 && !strncasecmp(p, "WARC-Type: metadata", 19)) f->metadata = 1;
        if (l > 15 && !strncasecmp(p, "Content-Length:", 15)) {
            size_t k = 15;
            while (k < l && (p[k] == ' ' || p[k] == '\t')) k++;
            f->empty = l - k == 1 && p[k] == '0';
        }
        p = nl ? nl + 1 : end;
    }
    if (!f->id_len) f->id = NULL;
}

const char *cli_lang_skipped(unsigned long long n) {
    static char b[64];
    if (!n) return "";
    snprintf(b, sizeof b, " + skipped %llu by language", n);
    return b;
}
