/* cmd_replay.c -- `winnow replay SRC...`: push saved crawls as tasks.
 *
 * Sources: WARC files (.warc, .warc.gz), HTML files (.html, .htm, and the
 * same with .gz) and directories of them (walked recursively, in sorted
 * order). Every record is accounted for: `response` and `resource` records
 * and HTML files become tasks; damaged records, non-HTML payloads and pages
 * over the size cap become error records sent straight to the sink;
 * `request`, `warcinfo`, `metadata`, `revisit` (and other) records are
 * skipped and counted. The delivery engine (winnow/source.h) resends what
 * is not acknowledged. At the end:
 *
 *     read N = ok M + error E (skipped K non-page records)
 */
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/idmap.h"
#include "cli/cli.h"
#include "cli/pipe_common.h"
#include "winnow/config.h"
#include "winnow/http.h"
#include "winnow/outfile.h"
#include "winnow/proto.h"
#include "winnow/source.h"
#include "winnow/warc.h"
#include "winnow/warcpage.h"
#include "winnow/wetw.h"

#define MAX_SOURCES 4096
#define MAX_WALK_DEPTH 64
#define HDR_MAX 512

typedef struct file_list {
    char **v;
    size_t n, cap;
} file_list_t;

typedef struct replay {
    wn_config_t cfg;
    wn_source_t *src;
    wn_http_response_t *http; /* large: allocated once */
    int quiet, verbose, progress, report_fd;
    long drain_ms;
    uint64_t records, skipped, dup_ids, bytes_done, bytes_total;
    int64_t t0, last_draw;
    int fatal;
    const char *sources, *sources_base; /* --sources FILE, --sources-base URL */
    cli_ctl_t ctl;       /* --control-fd (from winnow run) */
    int resume;          /* --resume */
    wn_idmap_t *done_ids; /* --resume: digests of the ids the output holds */
    uint64_t done;        /* records skipped because the output holds them */
    cli_stats_t stats;    /* [pipeline] stats */
    int64_t stats_at;
} replay_t;

static int replay_flag(void *ud, const char *flag, const char *val) {
    replay_t *r = ud;
    if (!strcmp(flag, "--help")) {
        printf("usage: winnow replay [--config FILE] [-o section.key=value] [--tasks EP] [--acks EP]\n"
               "                     [--results EP] [--timeout MS] [-q] [--no-progress]\n"
               "                     [--sources FILE [--sources-base URL]] [SRC...]\n"
               "Reads WARC(.gz) files (also http:// and https:// URLs of them), .html(.gz) files\n"
               "and directories of them, sends every page to the workers and waits until the sink\n"
               "has acknowledged each one. --sources FILE adds one URL or path per line (plain or\n"
               "gzip, like Common Crawl's warc.paths.gz; relative lines get the --sources-base\n"
               "prefix). Without SRC, reads [pipeline] sources. See winnow-replay(1).\n");
        return 1;
    }
    if (!strcmp(flag, "-v") || !strcmp(flag, "--verbose")) {
        r->verbose = 1;
        return 1;
    }
    if (!strcmp(flag, "-q") || !strcmp(flag, "--quiet")) {
        r->quiet = 1;
        r->progress = 0;
        return 1;
    }
    if (!strcmp(flag, "--no-progress")) {
        r->progress = 0;
        return 1;
    }
    if (!strcmp(flag, "--sources") || !strcmp(flag, "--sources-base")) {
        if (!val) {
            fprintf(stderr, "winnow replay: %s needs a value\n", flag);
            return -1;
        }
        if (!strcmp(flag, "--sources")) r->sources = val;
        else r->sources_base = val;
        return 2;
    }
    if (!strcmp(flag, "--resume")) {
        r->resume = 1;
        return 1;
    }
    if (!strcmp(flag, "--timeout") || !strcmp(flag, "--report-fd") || !strcmp(flag, "--control-fd")) {
        char *end = NULL;
        long v = val ? strtol(val, &end, 10) : -2;
        if (!val || *end || v < -1) {
            fprintf(stderr, "winnow replay: %s needs a number\n", flag);
            return -1;
        }
        if (!strcmp(flag, "--timeout")) r->drain_ms = v;
        else if (!strcmp(flag, "--control-fd")) r->ctl.fd = (int)v;
        else r->report_fd = (int)v;
        return 2;
    }
    return 0;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static int is_warc(const char *p) { return ends_with(p, ".warc") || ends_with(p, ".warc.gz") || wn_is_url(p); }

static int is_html(const char *p) {
    return ends_with(p, ".html") || ends_with(p, ".htm") || ends_with(p, ".html.gz") || ends_with(p, ".htm.gz");
}

/* Length of `p` without its .html/.htm(.gz) extension. */
static size_t stem_len(const char *p) {
    static const char *const ext[] = {".html.gz", ".htm.gz", ".html", ".htm"};
    for (size_t i = 0; i < 4; i++)
        if (ends_with(p, ext[i])) return strlen(p) - strlen(ext[i]);
    return strlen(p);
}

static int list_add(file_list_t *l, const char *s) {
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        char **v = realloc(l->v, nc * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = nc;
    }
    if (!(l->v[l->n] = strdup(s))) return -1;
    l->n++;
    return 0;
}

static void list_free(file_list_t *l) {
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Collects the WARC and HTML files under `root` into `out`, sorted, walking
 * with an explicit stack of directories (depth-capped, no recursion). */
static int walk(const char *root, file_list_t *out) {
    file_list_t dirs = {0};
    int rc = 0;
    if (list_add(&dirs, root) != 0) return -1;
    while (dirs.n > 0) {
        char *dir = dirs.v[--dirs.n];
        DIR *d = opendir(dir);
        if (!d) {
            fprintf(stderr, "winnow replay: %s: %s\n", dir, strerror(errno));
            free(dir);
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char path[4096];
            if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) continue;
            struct stat sb;
            if (stat(path, &sb) != 0) continue;
            if (S_ISDIR(sb.st_mode)) {
                size_t depth = 0;
                for (const char *p = path + strlen(root); *p; p++) depth += *p == '/';
                if (depth < MAX_WALK_DEPTH && list_add(&dirs, path) != 0) rc = -1;
            } else if (S_ISREG(sb.st_mode) && (is_warc(path) || is_html(path))) {
                if (list_add(out, path) != 0) rc = -1;
            }
        }
        closedir(d);
        free(dir);
    }
    list_free(&dirs);
    qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return rc;
}

/* Writes the source's counters as Prometheus text ([pipeline] stats), at
 * most once a second (and at the end). */
static void write_stats(replay_t *r, int64_t now, int final) {
    if (!r->cfg.stats[0] || !r->src || (!final && now - r->stats_at < 1000)) return;
    r->stats_at = now;
    wn_source_stats_t s;
    wn_source_stats(r->src, &s);
    cli_stats_t *st = &r->stats;
    cli_stats_begin(st, "replay");
    cli_stats_source(st, &s);
    cli_stats_type(st, "winnow_source_done_total", "counter");
    cli_stats_sample(st, "winnow_source_done_total", NULL, (double)r->done);
    cli_stats_type(st, "winnow_source_non_page_records_total", "counter");
    cli_stats_sample(st, "winnow_source_non_page_records_total", NULL, (double)r->skipped);
    (void)cli_stats_write(st, r->cfg.stats, "replay");
}

static void draw_progress(replay_t *r, int final) {
    int64_t now = cli_now_ms();
    write_stats(r, now, final);
    if (!r->progress) return;
    if (!final && now - r->last_draw < 250) return;
    r->last_draw = now;
    wn_source_stats_t st;
    wn_source_stats(r->src, &st);
    double secs = (double)(now - r->t0) / 1000.0;
    double rate = secs > 0 ? (double)(st.ok + st.error) / secs : 0;
    double mb = (double)r->bytes_done / 1048576.0, total = (double)r->bytes_total / 1048576.0;
    char eta[32] = "--";
    if (r->bytes_done > 0 && r->bytes_total > r->bytes_done && secs > 0.5) {
        double left = secs * (double)(r->bytes_total - r->bytes_done) / (double)r->bytes_done;
        snprintf(eta, sizeof eta, "%dm%02ds", (int)left / 60, (int)left % 60);
    } else if (r->bytes_done >= r->bytes_total) {
        snprintf(eta, sizeof eta, "draining");
    }
    fprintf(stderr, "\r\033[Kreplay: %llu records, %.1f/%.1f MB, %llu done (%llu error), %.0f pages/s, ETA %s%s",
            (unsigned long long)r->records, mb, total, (unsigned long long)(st.ok + st.error),
            (unsigned long long)st.error, rate, eta, final ? "\n" : "");
}

/* Reports a source error that ends the run (zmq failure, no memory, no
 * acknowledgement for the --timeout, a stop request). */
static int check(replay_t *r, wn_status st, const char *id) {
    if (st == WN_OK) return 0;
    if (st == WN_EINTR) return -1; /* stop requested: the caller drains what is in flight */
    if (st == WN_ETIMEDOUT) {
        fprintf(stderr, "\nwinnow replay: no acknowledgement for %u ms (the window of %u pages is full): no worker "
                        "or no sink? giving up\n",
                r->cfg.wait_ms, r->cfg.max_in_flight);
        r->fatal = 1;
        return -1;
    }
    if (st == WN_EINVAL) { /* the id is already in flight: a duplicate record id */
        r->dup_ids++;
        if (!r->quiet) fprintf(stderr, "winnow replay: %s: duplicate id, record skipped\n", id);
        return 0;
    }
    fprintf(stderr, "winnow replay: %s: %s\n", id, wn_strerror(st));
    r->fatal = 1;
    return -1;
}

/* Resume: is `id` (as the wire carries it) already in the output? */
static int already_done(replay_t *r, const char *id) {
    if (!r->done_ids) return 0;
    size_t n = 0;
    char *clean = wn_proto_utf8_clean(id, strlen(id), &n);
    if (!clean) return 0;
    unsigned char d[16];
    wn_id_digest(clean, n, d);
    free(clean);
    if (!wn_idmap_get(r->done_ids, (const char *)d, sizeof d, NULL)) return 0;
    r->done++;
    if (r->verbose) fprintf(stderr, "winnow replay: %s: already in the output, skipped\n", id);
    return 1;
}

static int fail(replay_t *r, const char *id, const char *url, const char *reason) {
    if (already_done(r, id)) return 0;
    return check(r, wn_source_fail(r->src, id, url, reason), id);
}

/* An error record for a page whose task (provenance) is known; none for a
 * page the output already holds (--resume), as for a page task. */
static int fail_task(replay_t *r, const wn_task_t *t, const char *reason) {
    if (already_done(r, t->id)) return 0;
    return check(r, wn_source_fail_task(r->src, t, reason), t->id);
}

/* Submits t; `block` (may be NULL), a buffer holding t->body, is handed
 * to the source, which then sends the body without copying it. */
static int submit(replay_t *r, const wn_task_t *t, void *block) {
    if (already_done(r, t->id)) {
        free(block);
        return 0;
    }
    wn_status st = block ? wn_source_submit_owned(r->src, t, block) : wn_source_submit(r->src, t);
    if (st == WN_ETOOBIG) { /* the size check of wn_warc_page_check, made by the source */
        char why[160];
        wn_status cst;
        (void)wn_warc_page_check(NULL, 0, t->body_len, r->cfg.max_page_bytes, &cst, why, sizeof why);
        return fail_task(r, t, why);
    }
    return check(r, st, t->id);
}

static int replay_warc(replay_t *r, const char *path) {
    wn_warc_limits_t lim;
    wn_warc_limits_init(&lim);
    lim.max_record = r->cfg.max_record;
    lim.max_headers = r->cfg.max_headers;
    lim.max_line = r->cfg.max_header_line;
    wn_http_limits_t hlim;
    wn_http_limits_init(&hlim);
    hlim.max_headers = r->cfg.max_headers;
    hlim.max_header_line = r->cfg.max_header_line;
    wn_status st = WN_OK;
    char err[600];
    wn_warc_t *w = wn_is_url(path) ? wn_warc_open_url(path, NULL, &lim, &st, err, sizeof err)
                                   : wn_warc_open(path, &lim, &st);
    if (!w && wn_is_url(path) && st != WN_ENOMEM) {
        /* A crawl list may hold a URL that is gone: an error record, counted. */
        r->records++;
        return fail(r, path, path, err);
    }
    if (!w) {
        fprintf(stderr, "winnow replay: %s: %s\n", path, st == WN_EIO ? strerror(errno) : wn_strerror(st));
        return st == WN_ENOMEM ? -1 : 0;
    }
    uint64_t base = r->bytes_done;
    wn_warc_record_t rec;
    int rc = 0;
    while (rc == 0 && !cli_stop_requested() && wn_warc_next(w, &rec)) {
        r->bytes_done = base + wn_warc_tell(w);
        char fallback[4200];
        const char *id = rec.record_id;
        if (!id || !*id) {
            snprintf(fallback, sizeof fallback, "%s#%zu", path, rec.index);
            id = fallback;
        }
        /* provenance: where the record is, for its output record */
        wn_task_t t = {0};
        t.id = id;
        t.url = rec.target_uri;
        t.fetch_time = rec.date;
        t.warc_file = path;
        t.warc_offset = (long long)rec.offset;
        t.warc_record_id = rec.record_id;
        t.target_uri = rec.target_uri;
        if (rec.status != WN_OK) {
            char why[600];
            snprintf(why, sizeof why, "%s: record %zu: %s", path, rec.index,
                     rec.reason ? rec.reason : wn_strerror(rec.status));
            r->records++;
            rc = fail_task(r, &t, why);
            draw_progress(r, 0);
            continue;
        }
        if (rec.type != WN_WARC_RESPONSE && rec.type != WN_WARC_RESOURCE) {
            r->skipped++;
            continue;
        }
        r->records++;
        char ct[HDR_MAX], ce[HDR_MAX], te[HDR_MAX];
        if (rec.type == WN_WARC_RESPONSE) {
            st = wn_http_parse_response(rec.block, rec.block_len, &hlim, r->http);
            if (st != WN_OK) {
                char why[600];
                snprintf(why, sizeof why, "%s: record %zu: bad HTTP response: %s", path, rec.index, wn_strerror(st));
                rc = fail_task(r, &t, why);
                continue;
            }
            t.http_status = r->http->status;
            t.content_type = wn_http_header_copy(r->http, "Content-Type", ct, sizeof ct);
            t.content_encoding = wn_http_header_copy(r->http, "Content-Encoding", ce, sizeof ce);
            t.transfer_encoding = wn_http_header_copy(r->http, "Transfer-Encoding", te, sizeof te);
            t.body = r->http->body;
            t.body_len = r->http->body_len;
        } else {
            t.content_type = rec.content_type;
            t.body = rec.block;
            t.body_len = rec.block_len;
        }
        char why[HDR_MAX + 16];
        if (wn_warc_page_not_html(t.content_type, why, sizeof why)) { /* the size and the status: source and worker */
            rc = fail_task(r, &t, why);
        } else {
            /* The body lies in the record's block: hand the block over. */
            const char *b = t.body;
            int inside = t.body_len && b >= rec.block && b + t.body_len <= rec.block + rec.block_len;
            rc = submit(r, &t, inside ? wn_warc_take_block(w, &rec) : NULL);
        }
        draw_progress(r, 0);
    }
    wn_warc_close(&w);
    return rc;
}

/* Reads a whole file, at most `max` bytes (a bigger file gives *too_big). */
static char *slurp(const char *path, size_t max, size_t *len, int *too_big) {
    *too_big = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat sb;
    char *buf = NULL;
    if (fstat(fileno(f), &sb) != 0) goto out;
    if ((uint64_t)sb.st_size > max) {
        *too_big = 1;
        *len = (size_t)sb.st_size;
        goto out;
    }
    buf = malloc((size_t)sb.st_size + 1);
    if (!buf) goto out;
    *len = fread(buf, 1, (size_t)sb.st_size, f);
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
out:
    fclose(f);
    return buf;
}

/* One HTML file; `rel` is its path below the directory given (or its name,
 * when the file itself was given), from which the id is made: docs/record.md,
 * "Ids". */
static int replay_html(replay_t *r, const char *path, const char *rel) {
    char id[4096];
    snprintf(id, sizeof id, "%.*s", (int)stem_len(rel), rel);
    r->records++;
    size_t len = 0;
    int too_big = 0;
    char *body = slurp(path, r->cfg.max_page_bytes, &len, &too_big);
    int rc;
    if (!body) {
        char why[600];
        if (too_big) snprintf(why, sizeof why, "file of %zu bytes exceeds max_page_bytes %zu", len, r->cfg.max_page_bytes);
        else snprintf(why, sizeof why, "cannot read %s: %s", path, strerror(errno));
        rc = fail(r, id, NULL, why);
    } else {
        wn_task_t t = {0};
        t.id = id;
        t.body = body;
        t.body_len = len;
        if (ends_with(path, ".gz")) t.content_encoding = "gzip"; /* the worker inflates */
        rc = submit(r, &t, body); /* the source takes body */
    }
    struct stat sb;
    if (stat(path, &sb) == 0) r->bytes_done += (uint64_t)sb.st_size;
    draw_progress(r, 0);
    return rc;
}

static uint64_t file_size(const char *p) {
    struct stat sb;
    return stat(p, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

/* wn_outfile_record_fn for --resume: notes the id of one output line. */
static wn_status note_done(void *ud, const char *line, size_t len) {
    replay_t *r = ud;
    json_t *o = json_loadb(line, len, 0, NULL);
    json_t *id = json_object_get(o, "id");
    if (json_is_string(id) && json_string_length(id) > 0) {
        unsigned char d[16];
        wn_id_digest(json_string_value(id), json_string_length(id), d);
        if (wn_idmap_put(r->done_ids, (const char *)d, sizeof d, 1) != WN_OK) { /* full: that id is replayed; the sink drops it */
        }
    }
    json_decref(o);
    return WN_OK;
}

/* wn_outfile_record_fn for --resume of a WET output: notes the Winnow-Id
 * of one record. */
static wn_status note_done_wet(void *ud, const char *rec, size_t len) {
    replay_t *r = ud;
    cli_wet_fields_t f;
    cli_wet_fields(rec, len, &f);
    if (f.id) {
        unsigned char d[16];
        wn_id_digest(f.id, f.id_len, d);
        if (wn_idmap_put(r->done_ids, (const char *)d, sizeof d, 1) != WN_OK) { /* full: that id is replayed; the sink drops it */
        }
    }
    return WN_OK;
}

/* --resume: reads the ids of [output] path (without locking it: the sink
 * may hold it). Returns 0, or -1 after saying why. */
static int read_done(replay_t *r) {
    if (!strcmp(r->cfg.output_path, "-")) return 0;
    r->done_ids = wn_idmap_new(r->cfg.max_ids);
    if (!r->done_ids) return -1;
    wn_outfile_opts_t o;
    wn_outfile_opts_init(&o);
    size_t n = strlen(r->cfg.output_path);
    o.gzip = r->cfg.output_gzip == WN_GZIP_YES ||
             (r->cfg.output_gzip == WN_GZIP_AUTO && n > 3 && !strcmp(r->cfg.output_path + n - 3, ".gz"));
    int wet = !strcmp(r->cfg.output_format, "wet");
    o.record = wet ? note_done_wet : note_done;
    o.split = wet ? wn_wet_split : NULL;
    o.ud = r;
    char err[700];
    if (wn_outfile_read(r->cfg.output_path, &o, NULL, err, sizeof err) != WN_OK) {
        fprintf(stderr, "winnow replay: --resume: %s\n", err);
        return -1;
    }
    return 0;
}

static int hook_stop(void *ud) {
    (void)ud;
    return cli_stop_requested() != 0 || cli_parent_gone();
}

/* --control-fd lines from winnow run: "lost host/pid" -> wn_source_worker_lost. */
static void hook_ctl(void *ud, wn_source_t *src) {
    replay_t *r = ud;
    cli_ctl_read(&r->ctl, src);
    if (r->ctl.fd < 0) { /* run closed it: stop watching */
        wn_source_hooks_t h = {cli_stop_fd(), hook_stop, -1, NULL, r};
        wn_source_set_hooks(src, &h);
    }
}

/* After a stop request: the pages in flight get this long to be
 * acknowledged (a second signal ends the wait at once). */
#define STOP_DRAIN_MS 5000

int cmd_replay(int argc, char **argv) {
    replay_t r;
    memset(&r, 0, sizeof r);
    r.progress = isatty(2);
    r.drain_ms = -1;
    r.report_fd = -1;
    r.ctl.fd = -1;
    const char *pos[MAX_SOURCES];
    size_t npos = 0;
    int rc = cli_parse(argc, argv, "replay", "pipeline.conf", &r.cfg, replay_flag, &r, pos, MAX_SOURCES, &npos, NULL);
    if (rc) return rc == 1 ? 0 : 2;
    /* Without arguments: [pipeline] sources, whitespace-separated. */
    char srcbuf[sizeof r.cfg.sources];
    if (npos == 0 && !r.sources) {
        snprintf(srcbuf, sizeof srcbuf, "%s", r.cfg.sources);
        for (char *p = srcbuf; *p && npos < MAX_SOURCES;) {
            while (*p == ' ' || *p == '\t') *p++ = '\0';
            if (!*p) break;
            pos[npos++] = p;
            p += strcspn(p, " \t");
        }
    }
    char **listed = NULL;
    size_t nlisted = 0;
    if (r.sources) {
        char err[600];
        if (wn_sources_read(r.sources, r.sources_base, 0, &listed, &nlisted, err, sizeof err) != WN_OK) {
            fprintf(stderr, "winnow replay: --sources %s\n", err);
            return 2;
        }
    }
    if (npos == 0 && nlisted == 0) {
        fprintf(stderr, "winnow replay: no sources (give SRC arguments, --sources or [pipeline] sources)\n");
        return 2;
    }
    /* Expand the sources into (path, relative name) pairs. */
    file_list_t files = {0}, rels = {0};
    int status = 1;
    for (size_t i = 0; i < npos + nlisted; i++) {
        const char *src = i < npos ? pos[i] : listed[i - npos];
        if (wn_is_url(src)) { /* streamed by replay_warc */
            if (list_add(&files, src) || list_add(&rels, src)) goto out;
            continue;
        }
        struct stat sb;
        if (stat(src, &sb) != 0) {
            fprintf(stderr, "winnow replay: %s: %s\n", src, strerror(errno));
            goto out;
        }
        if (S_ISDIR(sb.st_mode)) {
            file_list_t found = {0};
            if (walk(src, &found) != 0) {
                fprintf(stderr, "winnow replay: out of memory\n");
                list_free(&found);
                goto out;
            }
            size_t rl = strlen(src);
            for (size_t k = 0; k < found.n; k++) {
                const char *rel = found.v[k] + rl;
                while (*rel == '/') rel++;
                if (list_add(&files, found.v[k]) || list_add(&rels, rel)) goto out;
            }
            list_free(&found);
        } else {
            /* A file named by itself is relative to its own directory:
             * its id is the same as when that directory is named. */
            const char *base = strrchr(src, '/');
            if (list_add(&files, src) || list_add(&rels, base && !wn_is_url(src) ? base + 1 : src)) goto out;
        }
    }
    for (size_t i = 0; i < files.n; i++) r.bytes_total += file_size(files.v[i]);
    cli_signals_install();
    r.http = malloc(sizeof *r.http);
    if (!r.http) {
        fprintf(stderr, "winnow replay: out of memory\n");
        goto out;
    }
    char err[512];
    wn_status st;
    /* --timeout MS: the longest wait without an acknowledgement, for room
     * in the window as at the end ([delivery] wait_ms). */
    if (r.drain_ms > 0) r.cfg.wait_ms = (unsigned)r.drain_ms;
    if (r.resume && read_done(&r) != 0) goto out;
    r.src = wn_source_new(&r.cfg, &st, err, sizeof err);
    if (!r.src) {
        fprintf(stderr, "winnow replay: %s\n", err);
        goto out;
    }
    if (r.ctl.fd >= 0) (void)fcntl(r.ctl.fd, F_SETFL, O_NONBLOCK); /* cli_ctl_read reads what waits */
    wn_source_hooks_t hooks = {cli_stop_fd(), hook_stop, r.ctl.fd, r.ctl.fd >= 0 ? hook_ctl : NULL, &r};
    wn_source_set_hooks(r.src, &hooks);
    r.t0 = cli_now_ms();
    size_t fi = 0;
    int unread_more = 0; /* a WARC file was cut by the stop */
    for (; fi < files.n && !r.fatal && !cli_stop_requested(); fi++) {
        if (is_warc(files.v[fi])) rc = replay_warc(&r, files.v[fi]);
        else rc = replay_html(&r, files.v[fi], rels.v[fi]);
        if (is_warc(files.v[fi]) && cli_stop_requested()) unread_more = 1;
        if (rc) break;
    }
    /* What a stop left unread: HTML files count one each (the one whose
     * submit the stop cut too); the records of a WARC file are not known
     * without reading it ("+"). */
    uint64_t unread = 0;
    for (size_t k = fi; k < files.n; k++) {
        if (is_warc(files.v[k])) unread_more = 1;
        else unread++;
    }
    int interrupted = cli_stop_requested() != 0;
    if (!r.fatal) {
        /* Drain in slices so the progress line keeps moving; after a stop
         * request only the pages in flight, for at most STOP_DRAIN_MS. */
        wn_source_stats_t ps;
        wn_source_stats(r.src, &ps);
        uint64_t acked = ps.ok + ps.error;
        int64_t last = cli_now_ms(), stop_end = interrupted ? last + STOP_DRAIN_MS : 0;
        for (;;) {
            st = wn_source_drain(r.src, 250);
            draw_progress(&r, 0);
            if (st != WN_ETRUNCATED) break;
            int64_t now = cli_now_ms();
            wn_source_stats(r.src, &ps);
            if (ps.ok + ps.error != acked) acked = ps.ok + ps.error, last = now;
            if (cli_stop_requested() && !stop_end) {
                interrupted = 1;
                stop_end = now + STOP_DRAIN_MS;
            }
            if ((stop_end && now >= stop_end) || cli_parent_gone()) break;
            if (!stop_end && r.drain_ms >= 0 && now - last >= r.drain_ms) break;
        }
        if (st == WN_ETRUNCATED && !interrupted)
            fprintf(stderr, "\nwinnow replay: timed out: no acknowledgement for %ld ms, pages unacknowledged\n",
                    r.drain_ms);
        else if (st != WN_OK && st != WN_ETRUNCATED)
            fprintf(stderr, "\nwinnow replay: %s\n", wn_strerror(st));
        if (st == WN_OK && !interrupted) status = 0;
    }
    draw_progress(&r, 1);
    wn_source_stats_t s;
    wn_source_stats(r.src, &s);
    if (r.report_fd < 0) { /* under `winnow run`, run prints the summary */
        fprintf(stderr, "read %llu = ok %llu (%llu empty) + error %llu%s (skipped %llu non-page records",
                (unsigned long long)s.read, (unsigned long long)s.ok, (unsigned long long)s.empty,
                (unsigned long long)s.error, cli_lang_skipped(s.skipped), (unsigned long long)r.skipped);
        if (r.done) fprintf(stderr, "; %llu already in the output, skipped as done", (unsigned long long)r.done);
        fprintf(stderr, ")\n");
        if (interrupted || r.fatal)
            fprintf(stderr, "%s: %llu%s not yet processed; rerun to finish\n", interrupted ? "interrupted" : "stopped",
                    (unsigned long long)(s.in_flight + unread), unread_more ? "+" : "");
    }
    if (!r.quiet || s.in_flight)
        fprintf(stderr, "replay: sent %llu tasks, resent %llu (%llu at once after %llu worker deaths), gave up on %llu, "
                        "%llu unacknowledged%s\n",
                (unsigned long long)s.sent, (unsigned long long)s.resent, (unsigned long long)s.failover,
                (unsigned long long)s.lost, (unsigned long long)s.gave_up, (unsigned long long)s.in_flight,
                interrupted ? " (interrupted)" : "");
    if (r.dup_ids) fprintf(stderr, "replay: %llu records skipped for a duplicate id\n", (unsigned long long)r.dup_ids);
    if (r.report_fd >= 0) {
        dprintf(r.report_fd,
                "read %llu ok %llu error %llu skipped %llu in_flight %llu resent %llu gave_up %llu empty %llu "
                "lang_skipped %llu done %llu unread %llu%s\n",
                (unsigned long long)s.read, (unsigned long long)s.ok, (unsigned long long)s.error,
                (unsigned long long)r.skipped, (unsigned long long)s.in_flight, (unsigned long long)s.resent,
                (unsigned long long)s.gave_up, (unsigned long long)s.empty, (unsigned long long)s.skipped,
                (unsigned long long)r.done, (unsigned long long)unread, unread_more ? "+" : "");
        close(r.report_fd);
    }
    if (interrupted && status != 0) status = 128 + cli_stop_requested();
out:
    wn_source_destroy(&r.src);
    cli_stats_free(&r.stats);
    wn_idmap_destroy(&r.done_ids);
    free(r.http);
    list_free(&files);
    list_free(&rels);
    wn_sources_free(&listed, nlisted);
    return status;
}
