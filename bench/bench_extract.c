/* bench_extract.c -- single-thread extraction speed against Gumbo's bare parse.
 *
 *   bench_extract [--runs N] [--only parse|extract] PAGE.html.gz...
 *
 * Loads every page into memory (decompressed) before timing. Then, for each
 * of N runs (default 5), times (a) gumbo_parse + gumbo_destroy_output with
 * default options over all pages, and (b) wn_extract over all pages with
 * default options, interleaved so machine noise hits both alike. Reports
 * medians over runs: pages/s, MB/s of raw input, per-page p50/p99 ms (from
 * the median run), peak RSS, and the ratio extract/parse in MB/s.
 *
 * --only extract (or parse) times just that side: the mode for profiling
 * the extract path under valgrind --tool=callgrind on a fixed page set
 * (see docs/performance.md).
 */
#include <errno.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "winnow/buf.h"
#include "winnow/extract.h"
#include "winnow/inflate.h"

typedef struct page {
    char *data;
    size_t len;
} page;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this process (single-threaded: of the thread), in ms. Less
 * sensitive than wall time to other processes on a loaded machine. */
static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double pct(double *v, size_t n, double p) {
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

static int load(const char *path, page *pg) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    wn_buf_t raw;
    wn_buf_init(&raw, (size_t)1 << 30);
    char tmp[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (wn_buf_add(&raw, tmp, n) != WN_OK) rc = -1;
    fclose(f);
    if (rc == 0 && wn_is_gzip(raw.data, raw.len)) {
        wn_buf_t out;
        wn_buf_init(&out, (size_t)256 << 20);
        if (wn_inflate(raw.data, raw.len, WN_INFLATE_GZIP, &out) != WN_OK) rc = -1;
        wn_buf_free(&raw);
        raw = out;
    }
    if (rc != 0) {
        fprintf(stderr, "bench: %s: cannot load\n", path);
        wn_buf_free(&raw);
        return -1;
    }
    pg->data = wn_buf_steal(&raw, &pg->len);
    return 0;
}

int main(int argc, char **argv) {
    int runs = 5, first = 1, do_parse = 1, do_extract = 1;
    for (;;) {
        if (argc > first + 1 && !strcmp(argv[first], "--runs")) {
            runs = (int)strtol(argv[first + 1], NULL, 10);
            first += 2;
        } else if (argc > first + 1 && !strcmp(argv[first], "--only")) {
            do_parse = !strcmp(argv[first + 1], "parse");
            do_extract = !strcmp(argv[first + 1], "extract");
            first += 2;
        } else break;
    }
    if (runs < 1 || first >= argc || (!do_parse && !do_extract)) {
        fprintf(stderr, "usage: bench_extract [--runs N] [--only parse|extract] PAGE.html.gz...\n");
        return 2;
    }
    size_t np = (size_t)(argc - first), total = 0;
    page *pages = calloc(np, sizeof *pages);
    size_t loaded = 0;
    for (size_t i = 0; i < np; i++)
        if (load(argv[first + (int)i], &pages[loaded]) == 0) total += pages[loaded++].len;
    np = loaded;
    if (np == 0) return 1;

    double *parse_ms = calloc((size_t)runs, sizeof *parse_ms);
    double *extract_ms = calloc((size_t)runs, sizeof *extract_ms);
    double *parse_cpu = calloc((size_t)runs, sizeof *parse_cpu);
    double *extract_cpu = calloc((size_t)runs, sizeof *extract_cpu);
    double **per_page = calloc((size_t)runs, sizeof *per_page);
    wn_extractor_t *x = wn_extractor_new(NULL);
    size_t failed = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms(), c0 = cpu_ms();
        for (size_t i = 0; do_parse && i < np; i++) {
            GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, pages[i].data, pages[i].len);
            gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
        parse_ms[r] = now_ms() - t0;
        parse_cpu[r] = cpu_ms() - c0;
        per_page[r] = calloc(np, sizeof(double));
        failed = 0;
        t0 = now_ms();
        c0 = cpu_ms();
        for (size_t i = 0; do_extract && i < np; i++) {
            double p0 = now_ms();
            wn_doc_t *doc = NULL;
            if (wn_extract(x, pages[i].data, pages[i].len, NULL, NULL, &doc) != WN_OK) failed++;
            wn_doc_destroy(&doc);
            per_page[r][i] = now_ms() - p0;
        }
        extract_ms[r] = now_ms() - t0;
        extract_cpu[r] = cpu_ms() - c0;
    }
    /* p50/p99 from the run with the median total. */
    double *sorted = malloc((size_t)runs * sizeof *sorted);
    memcpy(sorted, extract_ms, (size_t)runs * sizeof *sorted);
    double med_extract = median(sorted, (size_t)runs);
    int mid = 0;
    for (int r = 0; r < runs; r++)
        if (extract_ms[r] == med_extract) mid = r;
    double p50 = pct(per_page[mid], np, 0.50), p99 = pct(per_page[mid], np, 0.99);
    memcpy(sorted, parse_ms, (size_t)runs * sizeof *sorted);
    double med_parse = median(sorted, (size_t)runs);
    memcpy(sorted, parse_cpu, (size_t)runs * sizeof *sorted);
    double cpu_parse = median(sorted, (size_t)runs);
    memcpy(sorted, extract_cpu, (size_t)runs * sizeof *sorted);
    double cpu_extract = median(sorted, (size_t)runs);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = (double)total / 1e6;
    printf("pages             %zu (%.1f MB raw, %d runs, medians; %zu pages returned an error)\n", np, mb,
           runs, failed);
    printf("gumbo parse       %8.1f pages/s %7.1f MB/s\n", (double)np / (med_parse / 1e3), mb / (med_parse / 1e3));
    printf("winnow extract    %8.1f pages/s %7.1f MB/s   p50 %.2f ms  p99 %.2f ms\n",
           (double)np / (med_extract / 1e3), mb / (med_extract / 1e3), p50, p99);
    printf("ratio extract/parse  %.2fx (MB/s)\n", med_parse / med_extract);
    printf("CPU time          gumbo parse %.1f MB/s, winnow extract %.1f MB/s: ratio %.2fx (medians of "
           "process CPU time; what other processes on a busy machine do not inflate)\n",
           mb / (cpu_parse / 1e3), mb / (cpu_extract / 1e3), cpu_parse / cpu_extract);
    printf("peak RSS          %.1f MiB (whole process, pages held in memory: %.1f MiB)\n",
           (double)ru.ru_maxrss / 1024.0, (double)total / 1048576.0);

    wn_extractor_destroy(&x);
    for (int r = 0; r < runs; r++) free(per_page[r]);
    for (size_t i = 0; i < np; i++) free(pages[i].data);
    free(per_page);
    free(sorted);
    free(parse_ms);
    free(parse_cpu);
    free(extract_cpu);
    free(extract_ms);
    free(pages);
    return 0;
}
