/* cmd_extract.c -- `winnow extract [OPTIONS] [FILE...|-]`: main content of
 * HTML files (or stdin) as text, Markdown or JSON Lines. No queue involved.
 * Only argument parsing and I/O here; the work is wn_extract(). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "winnow/buf.h"
#include "winnow/extract.h"
#include "winnow/hostmem.h"
#include "winnow/record.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: winnow extract [OPTIONS] [FILE...|-]\n"
            "\n"
            "Extract the main content of HTML pages (.html, or .html.gz) or of stdin.\n"
            "With several files or --format json, prints JSON Lines, one object per page.\n"
            "\n"
            "  --format text|markdown|json  output format (default text)\n"
            "  --no-tables                  leave data tables out\n"
            "  --comments                   extract user comments (JSON field \"comments\")\n"
            "  --links                      keep link targets (Markdown [text](url))\n"
            "  --images                     keep image alt text\n"
            "  --precision / --recall       favour precision / recall\n"
            "  --lang xx[,yy]               keep pages whose text is in one of these languages (ISO\n"
            "                               639-1); the others are records with status \"skipped\"\n"
            "  --page-type TYPE             read every page as TYPE: article, forum, product,\n"
            "                               collection, listing, documentation, service\n"
            "                               (default auto: classify each page)\n"
            "  --url URL                    the page's URL\n"
            "  --content-type CT            the HTTP Content-Type (gives the charset)\n"
            "  --max-page-bytes N           raw page cap (default 16777216)\n"
            "  --max-depth N                DOM nesting kept (default 512)\n"
            "  --host-memory[=N]            drop blocks seen on N (default 3) earlier pages of\n"
            "                               the same host, in the order the pages are given\n"
            "  --skip-pass NAME[,NAME]      do not run these extraction passes (to see which\n"
            "                               rule decided a page; docs/extraction.md)\n"
            "  --list-passes                the names of the passes, one a line\n"
            "  -h, --help                   this help\n"
            "\n"
            "Exit status: 0 all pages extracted, 1 some page failed, 2 usage error.\n");
}

/* Appends the comma-separated pass names of `list` to skip[0..cap) (comma
 * joined). Returns 0, or -1 after a message naming an unknown pass or a
 * list too long. */
static int add_skips(char *skip, size_t cap, const char *list) {
    for (const char *p = list; *p;) {
        while (*p == ',' || *p == ' ') p++;
        size_t n = strcspn(p, ", ");
        if (!n) break;
        int known = 0;
        for (unsigned i = 0; wn_pass_name(i) && !known; i++)
            known = strlen(wn_pass_name(i)) == n && !strncmp(wn_pass_name(i), p, n);
        if (!known) {
            fprintf(stderr, "winnow extract: --skip-pass: no pass named '%.*s' (winnow extract --list-passes)\n",
                    (int)n, p);
            return -1;
        }
        size_t have = strlen(skip);
        if (have + n + 2 > cap) {
            fprintf(stderr, "winnow extract: --skip-pass: too many passes\n");
            return -1;
        }
        if (have) skip[have++] = ',';
        memcpy(skip + have, p, n);
        skip[have + n] = '\0';
        p += n;
    }
    return 0;
}

/* Parses a positive decimal size; returns 0 on error. */
static int parse_size(const char *s, size_t *out) {
    if (!s || !*s || *s == '-') return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0) return 0;
    *out = (size_t)v;
    return 1;
}

/* Reads all of `f` into `b` (capped by b->max). Returns WN_OK, WN_ETOOBIG,
 * WN_EIO or WN_ENOMEM. */
static wn_status read_all(FILE *f, wn_buf_t *b) {
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        wn_status st = wn_buf_add(b, chunk, n);
        /* Over the cap: fill up to max so the caller sees len > the page cap. */
        if (st == WN_ETOOBIG && b->max > b->len) st = wn_buf_add(b, chunk, b->max - b->len) == WN_OK ? WN_ETOOBIG : st;
        if (st != WN_OK) return st;
    }
    return ferror(f) ? WN_EIO : WN_OK;
}

void cli_file_id(const char *path, char *out, size_t cap) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    static const char *const suf[] = {".gz", ".html", ".htm"};
    for (size_t i = 0; i < 3; i++) {
        size_t l = strlen(suf[i]);
        if (n > l && !memcmp(b + n - l, suf[i], l)) n -= l;
    }
    if (n >= cap) n = cap - 1;
    memcpy(out, b, n);
    out[n] = '\0';
}

/* Prints the record of `doc` (winnow/record.h): `st` is what wn_extract
 * (or reading) returned, `ct` the --content-type given (or NULL). */
static void print_json(const wn_doc_t *doc, const char *id, wn_status st, const char *ct) {
    wn_record_t r;
    wn_record_init(&r);
    r.id = id;
    r.doc = doc;
    r.status = st;
    r.prov.content_type = ct;
    char *j = wn_record_json(&r, NULL);
    if (j) {
        puts(j);
        free(j);
    } else {
        printf("{\"id\":null,\"status\":\"error\",\"error\":\"out of memory\"}\n");
    }
}

/* A JSON error record for a page that could not even be read. */
static void print_error(const char *id, wn_status st, const char *why) {
    wn_doc_t doc;
    memset(&doc, 0, sizeof doc);
    doc.error = (char *)why;
    print_json(&doc, id, st, NULL);
}

int cmd_extract(int argc, char **argv) {
    wn_options_t opt;
    wn_options_init(&opt);
    const char *url = NULL, *ct = NULL;
    int json = 0;
    unsigned host_memory = 0; /* min_pages of wn_hostmem; 0: off */
    char skip[2048] = "";
    enum {
        O_FORMAT = 256, O_NOTABLES, O_COMMENTS, O_LINKS, O_IMAGES, O_PREC, O_REC, O_URL, O_CT, O_MAXB, O_MAXD,
        O_HOSTMEM, O_PAGETYPE, O_SKIP, O_LIST, O_LANG
    };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, O_FORMAT}, {"no-tables", no_argument, NULL, O_NOTABLES},
        {"comments", no_argument, NULL, O_COMMENTS},   {"links", no_argument, NULL, O_LINKS},
        {"images", no_argument, NULL, O_IMAGES},       {"precision", no_argument, NULL, O_PREC},
        {"recall", no_argument, NULL, O_REC},          {"url", required_argument, NULL, O_URL},
        {"content-type", required_argument, NULL, O_CT}, {"max-page-bytes", required_argument, NULL, O_MAXB},
        {"max-depth", required_argument, NULL, O_MAXD}, {"help", no_argument, NULL, 'h'},
        {"host-memory", optional_argument, NULL, O_HOSTMEM},
        {"page-type", required_argument, NULL, O_PAGETYPE},
        {"skip-pass", required_argument, NULL, O_SKIP}, {"list-passes", no_argument, NULL, O_LIST},
        {"lang", required_argument, NULL, O_LANG},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        size_t v;
        switch (c) {
        case O_FORMAT:
            if (!strcmp(optarg, "text")) opt.format = WN_FORMAT_TEXT;
            else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md")) opt.format = WN_FORMAT_MARKDOWN;
            else if (!strcmp(optarg, "json")) {
                opt.format = WN_FORMAT_JSON;
                json = 1;
            } else {
                fprintf(stderr, "winnow extract: --format must be text, markdown or json, not '%s'\n", optarg);
                return 2;
            }
            break;
        case O_NOTABLES: opt.tables = false; break;
        case O_COMMENTS: opt.comments = true; break;
        case O_LINKS: opt.links = true; break;
        case O_IMAGES: opt.images = true; break;
        case O_PREC: opt.bias = -1; break;
        case O_LANG:
            if (strlen(optarg) >= sizeof opt.langs || strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,-") != strlen(optarg)) {
                fprintf(stderr, "winnow extract: --lang needs language codes separated by commas (en,fr), not '%s'\n", optarg);
                return 2;
            }
            snprintf(opt.langs, sizeof opt.langs, "%s", optarg);
            break;
        case O_REC: opt.bias = 1; break;
        case O_PAGETYPE:
            if (wn_page_type_parse(optarg, &opt.page_type) != WN_OK) {
                fprintf(stderr,
                        "winnow extract: --page-type must be auto, article, forum, product, collection, listing, "
                        "documentation or service, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case O_URL: url = optarg; break;
        case O_CT: ct = optarg; break;
        case O_MAXB:
            if (!parse_size(optarg, &v)) {
                fprintf(stderr, "winnow extract: --max-page-bytes needs a positive number, not '%s'\n", optarg);
                return 2;
            }
            opt.max_page_bytes = v;
            break;
        case O_MAXD:
            if (!parse_size(optarg, &v) || v > 100000) {
                fprintf(stderr, "winnow extract: --max-depth needs a number from 1 to 100000, not '%s'\n", optarg);
                return 2;
            }
            opt.max_depth = (unsigned)v;
            break;
        case O_HOSTMEM:
            if (!optarg) host_memory = 3;
            else if (!strcmp(optarg, "0")) host_memory = 0;
            else if (!parse_size(optarg, &v) || v > 1000000) {
                fprintf(stderr, "winnow extract: --host-memory needs a number from 0 to 1000000, not '%s'\n", optarg);
                return 2;
            } else host_memory = (unsigned)v;
            break;
        case O_SKIP:
            if (add_skips(skip, sizeof skip, optarg)) return 2;
            break;
        case O_LIST:
            for (unsigned i = 0; wn_pass_name(i); i++) puts(wn_pass_name(i));
            return 0;
        case 'h': usage(stdout); return 0;
        default:
            if (optopt >= O_FORMAT || (optind > 0 && optind <= argc && argv[optind - 1][0] == '-' &&
                                       argv[optind - 1][1] == '-' && strchr(argv[optind - 1], '=') == NULL &&
                                       optopt != 0))
                fprintf(stderr, "winnow extract: option '%s' needs a value\n", argv[optind - 1]);
            else
                fprintf(stderr, "winnow extract: unknown option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    int nfiles = argc - optind;
    if (nfiles > 1) json = 1;
    if (skip[0]) opt.skip_passes = skip;
    wn_extractor_t *x = wn_extractor_new(&opt);
    wn_hostmem_t *hm = NULL;
    if (host_memory) {
        wn_hostmem_opts_t ho;
        wn_hostmem_opts_init(&ho);
        ho.min_pages = host_memory;
        hm = wn_hostmem_new(&ho);
    }
    if (!x || (host_memory && !hm)) {
        wn_extractor_destroy(&x);
        fprintf(stderr, "winnow extract: out of memory\n");
        return 1;
    }
    int failed = 0;
    wn_buf_t in;
    /* one byte over the cap so an oversized page is reported as such */
    wn_buf_init(&in, opt.max_page_bytes + 1);
    for (int k = 0; k < (nfiles ? nfiles : 1); k++) {
        const char *path = nfiles ? argv[optind + k] : "-";
        int is_stdin = !strcmp(path, "-");
        char id[512];
        if (is_stdin) snprintf(id, sizeof id, "-");
        else cli_file_id(path, id, sizeof id);
        const char *name = is_stdin ? "<stdin>" : path;
        wn_buf_reset(&in);
        FILE *f = is_stdin ? stdin : fopen(path, "rb");
        if (!f) {
            char why[256];
            snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
            fprintf(stderr, "winnow extract: %s: %s\n", name, strerror(errno));
            if (json) print_error(is_stdin ? NULL : id, WN_EIO, why);
            failed = 1;
            continue;
        }
        wn_status rs = read_all(f, &in);
        if (!is_stdin) fclose(f);
        if (rs != WN_OK && rs != WN_ETOOBIG) {
            fprintf(stderr, "winnow extract: %s: %s\n", name, wn_strerror(rs));
            if (json) print_error(is_stdin ? NULL : id, rs, wn_strerror(rs));
            failed = 1;
            continue;
        }
        wn_doc_t *doc = NULL;
        wn_status st = wn_extract(x, in.data ? in.data : "", in.len, url, ct, &doc);
        if (!doc) {
            fprintf(stderr, "winnow extract: %s: %s\n", name, wn_strerror(st));
            failed = 1;
            continue;
        }
        if (st != WN_OK) {
            fprintf(stderr, "winnow extract: %s: %s\n", name, doc->error ? doc->error : wn_strerror(st));
            failed = 1;
        } else if (hm && wn_hostmem_apply(hm, doc) != WN_OK) {
            fprintf(stderr, "winnow extract: %s: host memory: out of memory (text left as extracted)\n", name);
        }
        if (json) print_json(doc, is_stdin ? NULL : id, st, ct);
        else if (st == WN_OK) {
            fputs(doc->text, stdout);
            if (doc->text_len) fputc('\n', stdout);
        }
        wn_doc_destroy(&doc);
    }
    wn_buf_free(&in);
    wn_extractor_destroy(&x);
    wn_hostmem_destroy(&hm);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "winnow extract: writing output: %s\n", strerror(errno));
        return 1;
    }
    return failed ? 1 : 0;
}
