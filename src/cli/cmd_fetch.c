/* cmd_fetch.c -- `winnow fetch [URLS-FILE|-]`: fetch URLs with libcurl and
 * push them to workers as tasks through the delivery engine (source.h),
 * optionally saving every page as WARC. Parses flags, then calls
 * wn_fetch_run (fetch.h); all the work is in the library. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/pipe_common.h"
#include "winnow/config.h"
#include "winnow/fetch.h"
#include "winnow/proto.h"
#include "winnow/source.h"

#define LINE_MAX_BYTES 8192 /* longest URL line read from the input */

typedef struct fetch_cli {
    FILE *in;
    const char *in_name;
    char line[LINE_MAX_BYTES + 2];
    size_t line_no;
    unsigned max_window;   /* max_in_flight: source + engine together */
    wn_source_t *src;
    size_t given;          /* URLs handed to the engine */
    size_t delivered;      /* outcomes received from the engine */
    size_t ok, failed, skipped;
    int quiet;
    int64_t started_ms, last_progress_ms;
    wn_status fatal;
    char err[512];
    const char *warc;      /* --warc FILE, or NULL: provenance of the records */
    cli_ctl_t ctl; /* --control-fd from winnow run: dead workers */
    const char *stats_dir; /* [pipeline] stats, "" for none */
    cli_stats_t stats;
    int64_t stats_ms;
} fetch_cli;

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *f) {
    fprintf(f,
            "usage: winnow fetch [OPTIONS] [URLS-FILE|-]\n"
            "\n"
            "Fetch the URLs (one per line; blank lines and #comments skipped; '-' or\n"
            "no file: stdin) and push each page to workers as a task; failures become\n"
            "error records. See winnow-fetch(1).\n"
            "\n"
            "  --config FILE            pipeline.conf to read (default ./pipeline.conf if present)\n"
            "  -o SECTION.KEY=VALUE     set any pipeline.conf key\n"
            "  --tasks EP --acks EP --results EP   pipeline endpoints\n"
            "  --max-in-flight N --deadline-ms N --attempts N --hwm N\n"
            "  --concurrency N          transfers at once            [fetch] concurrency\n"
            "  --per-host N             transfers at once per host   [fetch] per_host\n"
            "  --delay-ms N             between requests to a host   [fetch] delay_ms\n"
            "  --connect-timeout-ms N   --timeout-ms N   --max-redirects N\n"
            "  --max-body SIZE          abort bodies larger (16M)    [fetch] max_body\n"
            "  --user-agent STRING      --retries N   --backoff-ms N\n"
            "  --retry-after-max-ms N   cap on a server's Retry-After (60000)\n"
            "  --robots / --no-robots   obey robots.txt (default on)\n"
            "  --warc FILE.warc.gz      save every page as WARC/1.1\n"
            "  --quiet                  no progress lines\n"
            "  --report-fd FD           write the accounting line for `winnow run` to FD\n");
}

/* Maps a flag to its [section] key; NULL if unknown. */
static const char *flag_key(const char *flag, const char **section) {
    static const struct {
        const char *flag, *section, *key;
    } map[] = {
        {"--concurrency", "fetch", "concurrency"},
        {"--per-host", "fetch", "per_host"},
        {"--delay-ms", "fetch", "delay_ms"},
        {"--connect-timeout-ms", "fetch", "connect_timeout_ms"},
        {"--timeout-ms", "fetch", "timeout_ms"},
        {"--max-redirects", "fetch", "max_redirects"},
        {"--max-body", "fetch", "max_body"},
        {"--user-agent", "fetch", "user_agent"},
        {"--retries", "fetch", "retries"},
        {"--backoff-ms", "fetch", "backoff_ms"},
        {"--warc", "fetch", "warc"},
        {"--tasks", "pipeline", "tasks"},
        {"--acks", "pipeline", "acks"},
        {"--results", "pipeline", "results"},
        {"--max-in-flight", "delivery", "max_in_flight"},
        {"--deadline-ms", "delivery", "deadline_ms"},
        {"--attempts", "delivery", "attempts"},
        {"--hwm", "delivery", "hwm"},
        {"--max-page-bytes", "limits", "max_page_bytes"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(flag, map[i].flag)) {
            *section = map[i].section;
            return map[i].key;
        }
    return NULL;
}

/* next_url hook: the next non-blank, non-comment line. Holds back (-1)
 * while the source and the engine together hold max_in_flight pages, so
 * wn_source_submit never blocks the transfers. */
static int next_url(void *ud, const char **url) {
    fetch_cli *c = ud;
    wn_source_stats_t ss;
    wn_source_stats(c->src, &ss);
    if (cli_stop_requested()) return 0;
    if ((c->given - c->delivered) + ss.in_flight >= c->max_window) return -1;
    while (fgets(c->line, sizeof c->line, c->in)) {
        c->line_no++;
        size_t n = strlen(c->line);
        if (n && c->line[n - 1] != '\n' && !feof(c->in)) {
            /* Longer than LINE_MAX_BYTES: skip the rest of the line. */
            int ch;
            while ((ch = fgetc(c->in)) != EOF && ch != '\n') {
            }
            fprintf(stderr, "fetch: %s:%zu: line longer than %d bytes, skipped\n", c->in_name, c->line_no,
                    LINE_MAX_BYTES);
            c->skipped++;
            continue;
        }
        char *p = c->line;
        while (*p == ' ' || *p == '\t') p++;
        n = strlen(p);
        while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t')) p[--n] = '\0';
        if (!n || *p == '#') continue;
        c->given++;
        *url = p;
        return 1;
    }
    if (ferror(c->in)) {
        fprintf(stderr, "fetch: %s: read error: %s\n", c->in_name, strerror(errno));
        c->fatal = WN_EIO;
    }
    return 0;
}

/* on_page hook: a page becomes a task, a failure an error record. */
static wn_status on_page(void *ud, const wn_fetch_page_t *pg) {
    fetch_cli *c = ud;
    c->delivered++;
    wn_status st;
    char reason[700];
    if (pg->status == WN_OK) {
        wn_task_t t = {
            .id = pg->id,
            .url = pg->final_url,
            .http_status = pg->http_status,
            .content_type = pg->content_type,
            .content_encoding = pg->content_encoding,
            .transfer_encoding = pg->transfer_encoding,
            .fetch_time = pg->fetch_time,
            .body = pg->body,
            .body_len = pg->body_len,
            .warc_file = pg->warc_record_id ? c->warc : NULL,
            .warc_offset = -1,
            .warc_record_id = pg->warc_record_id,
            .target_uri = pg->url,
        };
        st = wn_source_submit(c->src, &t);
        if (st == WN_OK) {
            c->ok++;
            return WN_OK;
        }
        if (st != WN_ETOOBIG && st != WN_EINVAL) return st;
        snprintf(reason, sizeof reason,
                 st == WN_ETOOBIG ? "fetch: body exceeds max_page_bytes (%zu bytes)" : "fetch: duplicate id (%zu)",
                 pg->body_len);
    } else if (pg->status == WN_ENOTHTML) {
        snprintf(reason, sizeof reason, "%s", pg->reason); /* "not HTML: ..." */
    } else {
        snprintf(reason, sizeof reason, "fetch: %s", pg->reason);
    }
    c->failed++;
    wn_task_t ft = {.id = pg->id, .url = pg->url, .http_status = pg->http_status, .content_type = pg->content_type,
                    .fetch_time = pg->fetch_time, .warc_offset = -1, .target_uri = pg->url};
    st = wn_source_fail_task(c->src, &ft, reason);
    if (st == WN_EINVAL) { /* the same URL twice: its id is already in flight */
        fprintf(stderr, "fetch: %s: duplicate URL, its outcome is already counted\n", pg->url);
        c->failed--;
        c->skipped++;
        return WN_OK;
    }
    return st;
}

/* Writes the counters as Prometheus text ([pipeline] stats), at most once
 * a second (and at the end). */
static void write_stats(fetch_cli *c, int64_t now, int final) {
    if (!c->stats_dir[0] || (!final && now - c->stats_ms < 1000)) return;
    c->stats_ms = now;
    wn_source_stats_t ss;
    wn_source_stats(c->src, &ss);
    cli_stats_t *st = &c->stats;
    cli_stats_begin(st, "fetch");
    cli_stats_source(st, &ss);
    cli_stats_type(st, "winnow_fetch_urls_total", "counter");
    cli_stats_sample(st, "winnow_fetch_urls_total", "outcome=\"fetched\"", (double)c->ok);
    cli_stats_sample(st, "winnow_fetch_urls_total", "outcome=\"failed\"", (double)c->failed);
    cli_stats_sample(st, "winnow_fetch_urls_total", "outcome=\"skipped\"", (double)c->skipped);
    cli_stats_type(st, "winnow_fetch_fetching", "gauge");
    cli_stats_sample(st, "winnow_fetch_fetching", NULL, (double)(c->given - c->delivered));
    (void)cli_stats_write(st, c->stats_dir, "fetch");
}

static void progress(fetch_cli *c, int final) {
    int64_t now = mono_ms();
    write_stats(c, now, final);
    if (!final && (c->quiet || now - c->last_progress_ms < 1000)) return;
    c->last_progress_ms = now;
    wn_source_stats_t ss;
    wn_source_stats(c->src, &ss);
    fprintf(stderr, "fetch: %zu URLs, %zu fetched, %zu failed, %zu fetching; acked %llu ok %llu error, %llu in flight\n",
            c->given, c->ok, c->failed, c->given - c->delivered, (unsigned long long)ss.ok,
            (unsigned long long)ss.error, (unsigned long long)ss.in_flight);
}

/* idle hook: receive acks, resend overdue tasks, show progress. */
static wn_status idle(void *ud) {
    fetch_cli *c = ud;
    if (c->fatal != WN_OK) return c->fatal;
    if (cli_stop_requested()) return WN_ETRUNCATED; /* stop now: running transfers are dropped */
    cli_ctl_read(&c->ctl, c->src); /* a worker run saw die: its tasks go again now */
    wn_status st = wn_source_poll(c->src, 0);
    progress(c, 0);
    return st;
}

int cmd_fetch(int argc, char **argv) {
    wn_config_t cfg;
    wn_config_init(&cfg);
    char err[1024];
    const char *conf = NULL, *input = NULL;
    int quiet = 0, rc = 2;
    long retry_after_max = -1;
    int report_fd = -1; /* under `winnow run`: the accounting line goes there */
    int control_fd = -1; /* under `winnow run`: "lost host/pid" lines (cli_ctl_read) */
    /* First pass: the config file, so flags override it whatever their order. */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--config") && i + 1 < argc) conf = argv[++i];
    }
    if (!conf) {
        FILE *probe = fopen("pipeline.conf", "r");
        if (probe) {
            fclose(probe);
            conf = "pipeline.conf";
        }
    }
    if (conf && wn_config_load_file(&cfg, conf, err, sizeof err) != WN_OK) {
        fprintf(stderr, "fetch: %s\n", err);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *section = NULL, *key;
        if (!strcmp(a, "--config")) {
            i++;
        } else if (!strcmp(a, "-o") && i + 1 < argc) {
            if (wn_config_set_arg(&cfg, argv[++i], err, sizeof err) != WN_OK) {
                fprintf(stderr, "fetch: -o %s: %s\n", argv[i], err);
                return 2;
            }
        } else if (!strcmp(a, "--robots") || !strcmp(a, "--no-robots")) {
            cfg.robots = !strcmp(a, "--robots");
        } else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            quiet = 0; /* fetch's progress lines are its verbose log */
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
        } else if (!strcmp(a, "--control-fd") && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            if (!end || *end || v < 0 || v > 65535) {
                fprintf(stderr, "fetch: --control-fd needs a file descriptor number\n");
                return 2;
            }
            control_fd = (int)v;
        } else if (!strcmp(a, "--report-fd")) {
            char *end = NULL;
            long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : -1;
            if (i + 1 >= argc || !end || *end || v < 0 || v > 65535) {
                fprintf(stderr, "fetch: --report-fd needs a file descriptor number\n");
                return 2;
            }
            report_fd = (int)v;
            i++;
        } else if (!strcmp(a, "--")) {
            if (i + 1 < argc && !input) input = argv[++i];
            if (i + 1 < argc) {
                fprintf(stderr, "fetch: one URLS-FILE only\n");
                return 2;
            }
        } else if (!strcmp(a, "--retry-after-max-ms")) {
            char *end = NULL;
            unsigned long v = i + 1 < argc ? strtoul(argv[i + 1], &end, 10) : 0;
            if (i + 1 >= argc || !end || *end || argv[i + 1][0] == '-' || v > 86400000ul) {
                fprintf(stderr, "fetch: --retry-after-max-ms needs milliseconds (0..86400000)\n");
                return 2;
            }
            retry_after_max = (long)v;
            i++;
        } else if ((key = flag_key(a, &section))) {
            if (i + 1 >= argc) {
                fprintf(stderr, "fetch: %s needs a value\n", a);
                return 2;
            }
            if (wn_config_set(&cfg, section, key, argv[++i], err, sizeof err) != WN_OK) {
                fprintf(stderr, "fetch: %s %s: %s\n", a, argv[i], err);
                return 2;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "fetch: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else if (!input) {
            input = a;
        } else {
            fprintf(stderr, "fetch: one URLS-FILE only (got %s and %s)\n", input, a);
            return 2;
        }
    }

    fetch_cli c;
    memset(&c, 0, sizeof c);
    c.quiet = quiet;
    c.max_window = cfg.max_in_flight;
    c.stats_dir = cfg.stats;
    c.ctl.fd = control_fd;
    if (control_fd >= 0) (void)fcntl(control_fd, F_SETFL, O_NONBLOCK);
    if (!input || !strcmp(input, "-")) {
        c.in = stdin;
        c.in_name = "stdin";
    } else {
        c.in = fopen(input, "r");
        c.in_name = input;
        if (!c.in) {
            fprintf(stderr, "fetch: %s: %s\n", input, strerror(errno));
            return 2;
        }
    }

    cli_signals_install(); /* as every pipeline command: SIGINT/SIGTERM stop, a second one kills */

    wn_status st;
    c.src = wn_source_new(&cfg, &st, err, sizeof err);
    if (!c.src) {
        fprintf(stderr, "fetch: %s\n", err[0] ? err : wn_strerror(st));
        goto out;
    }

    wn_fetch_opts_t o;
    wn_fetch_opts_from_config(&o, &cfg);
    c.warc = o.warc;
    o.reject_type = wn_proto_not_html;
    if (retry_after_max >= 0) o.retry_after_max_ms = (unsigned)retry_after_max;
    if (o.max_queue > cfg.max_in_flight) o.max_queue = cfg.max_in_flight;
    wn_fetch_hooks_t hooks = {.next_url = next_url, .on_page = on_page, .idle = idle, .ud = &c};
    wn_fetch_stats_t fs;
    c.started_ms = c.last_progress_ms = mono_ms();
    st = wn_fetch_run(&o, &hooks, &fs, err, sizeof err);
    if (st != WN_OK && !cli_stop_requested()) {
        fprintf(stderr, "%s\n", err);
        rc = 3;
    }
    /* Every page is with the source now: wait for the sink to acknowledge
     * them; a bound so a dead sink cannot hang us forever. In steps, as
     * replay does, so that SIGINT/SIGTERM end the wait. */
    int64_t drain_end = mono_ms() + (int64_t)cfg.deadline_ms * (cfg.attempts + 1) + 5000;
    wn_status dst = WN_OK;
    while (!cli_stop_requested()) {
        int64_t left = drain_end - mono_ms();
        dst = wn_source_drain(c.src, left < 250 ? (int)(left > 0 ? left : 0) : 250);
        if (dst != WN_ETRUNCATED || left <= 250) break;
    }
    if (cli_stop_requested()) dst = WN_OK;
    progress(&c, 1);
    wn_source_stats_t ss;
    wn_source_stats(c.src, &ss);
    double secs = (double)(mono_ms() - c.started_ms) / 1000.0;
    fprintf(stderr,
            "fetch: done in %.1f s: %zu URLs -> %zu pages, %zu failed (%zu disallowed by robots.txt), %zu skipped; "
            "%zu requests, %zu retries, %zu redirects, %zu hosts",
            secs, c.given, c.ok, c.failed, fs.robots_denied, c.skipped, fs.requests, fs.retries, fs.redirects,
            fs.hosts);
    if (o.warc) fprintf(stderr, "; %zu WARC records in %s", fs.warc_records, o.warc);
    fprintf(stderr, "\nfetch: sink acknowledged %llu ok, %llu error; %llu resent, %llu gave up, %llu unacknowledged\n",
            (unsigned long long)ss.ok, (unsigned long long)ss.error, (unsigned long long)ss.resent,
            (unsigned long long)ss.gave_up, (unsigned long long)ss.in_flight);
    if (report_fd >= 0) {
        /* The same line as `winnow replay --report-fd`, so `winnow run` reads either. */
        dprintf(report_fd,
                "read %llu ok %llu error %llu skipped %llu in_flight %llu resent %llu gave_up %llu empty %llu "
                "lang_skipped %llu\n",
                (unsigned long long)ss.read, (unsigned long long)ss.ok, (unsigned long long)ss.error,
                (unsigned long long)c.skipped, (unsigned long long)ss.in_flight, (unsigned long long)ss.resent,
                (unsigned long long)ss.gave_up, (unsigned long long)ss.empty, (unsigned long long)ss.skipped);
        close(report_fd);
    }
    if (cli_stop_requested()) {
        fprintf(stderr, "fetch: stopped by signal %d\n", cli_stop_requested());
        rc = 130;
    } else if (rc != 3) {
        rc = dst == WN_OK && c.fatal == WN_OK ? 0 : 1;
        if (dst != WN_OK) fprintf(stderr, "fetch: gave up waiting for acknowledgements: %s\n", wn_strerror(dst));
    }
out:
    wn_source_destroy(&c.src);
    cli_stats_free(&c.stats);
    if (c.in && c.in != stdin) fclose(c.in);
    return rc;
}
