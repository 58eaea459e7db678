/* bench_warc.c -- WARC reading speed: bench_warc [--runs N] FILE.warc.gz
 *
 * Reads every record with wn_warc_next() and reports the median MB/s of
 * record bytes delivered (inflated) over N runs (default 5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winnow/warc.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int runs = 5, arg = 1;
    if (argc > 3 && !strcmp(argv[1], "--runs")) {
        runs = atoi(argv[2]);
        arg = 3;
    }
    if (arg >= argc || runs < 1 || runs > 100) {
        fprintf(stderr, "usage: bench_warc [--runs N] FILE.warc.gz\n");
        return 2;
    }
    double rate[100];
    size_t records = 0, damaged = 0;
    double mb = 0;
    for (int r = 0; r < runs; r++) {
        wn_status st;
        wn_warc_t *w = wn_warc_open(argv[arg], NULL, &st);
        if (!w) {
            fprintf(stderr, "bench_warc: %s: %s\n", argv[arg], wn_strerror(st));
            return 1;
        }
        wn_warc_record_t rec;
        size_t bytes = 0;
        records = damaged = 0;
        double t0 = now_s();
        while (wn_warc_next(w, &rec) == 1) {
            records++;
            if (rec.status != WN_OK) damaged++;
            bytes += rec.block_len;
        }
        double dt = now_s() - t0;
        wn_warc_close(&w);
        mb = (double)bytes / 1e6;
        rate[r] = mb / dt;
    }
    qsort(rate, (size_t)runs, sizeof rate[0], cmp);
    printf("warc read         %zu records (%zu damaged), %.1f MB inflated: median %.1f MB/s over %d runs\n",
           records, damaged, mb, rate[runs / 2], runs);
    return 0;
}
