/* test_outfile.c -- unit tests for the crash-safe output file (outfile.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "winnow/outfile.h"

typedef struct seen {
    int n;
    char last[64];
} seen_t;

static wn_status on_record(void *ud, const char *rec, size_t n) {
    seen_t *s = ud;
    s->n++;
    snprintf(s->last, sizeof s->last, "%.*s", (int)n, rec);
    return WN_OK;
}

static void tmp_path(char *out, size_t len, const char *suffix) {
    snprintf(out, len, "/tmp/wn-outfile-%ld%s", (long)getpid(), suffix);
    unlink(out);
}

static wn_outfile_t *open_it(const char *path, int gz, seen_t *s, wn_outfile_info_t *info, wn_status *st) {
    wn_outfile_opts_t o;
    wn_outfile_opts_init(&o);
    o.gzip = gz;
    o.record = on_record;
    o.ud = s;
    memset(s, 0, sizeof *s);
    char err[256];
    return wn_outfile_open(path, &o, info, st, err, sizeof err);
}

static void put(wn_outfile_t *f, const char *s) { assert_int_equal(wn_outfile_write(f, s, strlen(s)), WN_OK); }

static long file_size(const char *p) {
    struct stat sb;
    return stat(p, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Reads a whole gzip file with zlib's gz reader: returns the text, or NULL
 * if gzread reports an error (a cut or corrupt member). */
static char *gunzip_all(const char *path) {
    gzFile g = gzopen(path, "rb");
    if (!g) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap + 1);
    int n;
    while ((n = gzread(g, out + len, (unsigned)(cap - len))) > 0) {
        len += (size_t)n;
        if (len == cap) out = realloc(out, (cap *= 2) + 1);
    }
    int errnum = 0;
    gzerror(g, &errnum);
    gzclose(g);
    if (n < 0 || errnum != Z_OK) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    return out;
}

static void test_plain_recovery(void **state) {
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, ".jsonl");
    seen_t s;
    wn_status st;
    wn_outfile_t *f = open_it(path, 0, &s, NULL, &st);
    assert_non_null(f);
    put(f, "a\n");
    put(f, "b\n");
    assert_int_equal(wn_outfile_commit(f), WN_OK);
    assert_int_equal(wn_outfile_size(f), 4);
    put(f, "c\nd"); /* a batch never committed */
    wn_outfile_destroy(&f);
    assert_int_equal(file_size(path), 4);
    /* A crash leaves a cut line: it is removed on open. */
    FILE *raw = fopen(path, "ab");
    fputs("half", raw);
    fclose(raw);
    wn_outfile_info_t info;
    f = open_it(path, 0, &s, &info, &st);
    assert_non_null(f);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.last, "b\n");
    assert_int_equal(info.dropped_bytes, 4);
    assert_int_equal(file_size(path), 4);
    /* One writer: a second open is refused while the first holds it. */
    seen_t s2;
    assert_null(open_it(path, 0, &s2, NULL, &st));
    assert_int_equal(st, WN_EBUSY);
    assert_int_equal(wn_outfile_close(&f), WN_OK);
    assert_null(f);
    unlink(path);
}

static void test_gzip_members(void **state) {
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, ".jsonl.gz");
    seen_t s;
    wn_status st;
    wn_outfile_t *f = open_it(path, 1, &s, NULL, &st);
    assert_non_null(f);
    put(f, "one\n");
    assert_int_equal(wn_outfile_commit(f), WN_OK);
    put(f, "two\nthree\n");
    assert_int_equal(wn_outfile_commit(f), WN_OK);
    assert_int_equal(wn_outfile_close(&f), WN_OK);
    char *all = gunzip_all(path);
    assert_non_null(all);
    assert_string_equal(all, "one\ntwo\nthree\n");
    free(all);
    long good = file_size(path);

    /* A crash in the middle of a member: the member of a third batch, cut. */
    char other[128];
    tmp_path(other, sizeof other, ".member.gz");
    f = open_it(other, 1, &s, NULL, &st);
    assert_non_null(f);
    put(f, "four\nfive\nsi");
    put(f, "x\n");
    for (int i = 0; i < 2000; i++) put(f, "padding padding padding padding\n");
    assert_int_equal(wn_outfile_commit(f), WN_OK);
    assert_int_equal(wn_outfile_close(&f), WN_OK);
    FILE *in = fopen(other, "rb");
    char member[65536];
    size_t mlen = fread(member, 1, sizeof member, in);
    fclose(in);
    unlink(other);
    FILE *out = fopen(path, "ab");
    fwrite(member, 1, mlen - 20, out); /* cut before its end */
    fclose(out);
    assert_null(gunzip_all(path)); /* gzip tools fail on it */

    wn_outfile_info_t info;
    f = open_it(path, 1, &s, &info, &st);
    assert_non_null(f);
    /* The complete members, then what the cut member held complete. */
    assert_true(s.n >= 3);
    assert_true(info.dropped_bytes > 0);
    put(f, "seven\n");
    assert_int_equal(wn_outfile_commit(f), WN_OK);
    assert_int_equal(wn_outfile_close(&f), WN_OK);
    all = gunzip_all(path);
    assert_non_null(all); /* readable again */
    assert_memory_equal(all, "one\ntwo\nthree\n", 14);
    size_t n = strlen(all);
    assert_true(n > 6 && !strcmp(all + n - 6, "seven\n"));
    assert_true(file_size(path) > good);
    free(all);
    /* Every record read back on the next open, the last being ours. */
    f = open_it(path, 1, &s, &info, &st);
    assert_non_null(f);
    assert_string_equal(s.last, "seven\n");
    assert_int_equal(info.dropped_bytes, 0);
    wn_outfile_destroy(&f);

    /* A .gz path holding plain text is refused, not appended to. */
    FILE *plain = fopen(path, "wb");
    fputs("{\"id\":\"x\"}\n", plain);
    fclose(plain);
    assert_null(open_it(path, 1, &s, NULL, &st));
    assert_int_equal(st, WN_ECORRUPT);
    unlink(path);
}

static void test_missing_dir(void **state) {
    (void)state;
    seen_t s;
    wn_status st;
    assert_null(open_it("/tmp/wn-no-such-dir-xyz/out.jsonl", 0, &s, NULL, &st));
    assert_int_equal(st, WN_EIO);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_recovery),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_missing_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
