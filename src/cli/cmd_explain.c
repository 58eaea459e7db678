/* cmd_explain.c -- `winnow explain [OPTIONS] PAGE`: why each block of a page
 * was kept or dropped, as a self-contained HTML report or as JSON. Only
 * argument parsing and I/O here; the work is wn_extract() with
 * opt.explain, wn_explain_to_html() and wn_explain_to_json(). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "winnow/buf.h"
#include "winnow/explain.h"
#include "winnow/extract.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: winnow explain [OPTIONS] PAGE|-\n"
            "\n"
            "Explain the extraction of one page (.html or .html.gz, or stdin): every block in\n"
            "page order, kept / dropped / chrome / comment / post, with the pass that decided\n"
            "it and its figures; the chosen containers; the page type and its signals; the\n"
            "metadata and where each field came from.\n"
            "\n"
            "  --format html|json           a self-contained HTML report (default) or JSON\n"
            "  -o, --output FILE            write there instead of stdout\n"
            "  --url URL                    the page's URL (read by the page-type classifier)\n"
            "  --content-type CT            the HTTP Content-Type (gives the charset)\n"
            "  --page-type TYPE             read the page as TYPE: article, forum, product,\n"
            "                               collection, listing, documentation, service\n"
            "                               (default auto: classify it)\n"
            "  --precision / --recall       favour precision / recall\n"
            "  --comments                   extract user comments too\n"
            "  --skip-pass NAME[,NAME]      do not run these passes (winnow extract --list-passes)\n"
            "  -h, --help                   this help\n"
            "\n"
            "Exit status: 0 explained, 1 the page could not be read or extracted (the report\n"
            "says why), 2 usage error.\n");
}

/* Reads all of `f` into `b` (one byte over the page cap at most, so an
 * oversized page is reported as such). Returns WN_OK, WN_EIO or WN_ENOMEM. */
static wn_status read_all(FILE *f, wn_buf_t *b) {
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t room = b->max > b->len ? b->max - b->len : 0;
        if (n > room) n = room;
        if (n == 0) break;
        wn_status st = wn_buf_add(b, chunk, n);
        if (st != WN_OK) return st;
    }
    return ferror(f) ? WN_EIO : WN_OK;
}

int cmd_explain(int argc, char **argv) {
    wn_options_t opt;
    wn_options_init(&opt);
    opt.explain = true;
    const char *url = NULL, *ct = NULL, *outpath = NULL, *skip = NULL;
    int json = 0;
    enum { O_FORMAT = 256, O_URL, O_CT, O_PAGETYPE, O_PREC, O_REC, O_COMMENTS, O_SKIP };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, O_FORMAT},  {"output", required_argument, NULL, 'o'},
        {"url", required_argument, NULL, O_URL},        {"content-type", required_argument, NULL, O_CT},
        {"page-type", required_argument, NULL, O_PAGETYPE}, {"precision", no_argument, NULL, O_PREC},
        {"recall", no_argument, NULL, O_REC},           {"comments", no_argument, NULL, O_COMMENTS},
        {"skip-pass", required_argument, NULL, O_SKIP}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            if (!strcmp(optarg, "json")) json = 1;
            else if (!strcmp(optarg, "html")) json = 0;
            else {
                fprintf(stderr, "winnow explain: --format must be html or json, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'o': outpath = optarg; break;
        case O_URL: url = optarg; break;
        case O_CT: ct = optarg; break;
        case O_PAGETYPE:
            if (wn_page_type_parse(optarg, &opt.page_type) != WN_OK) {
                fprintf(stderr,
                        "winnow explain: --page-type must be auto, article, forum, product, collection, listing, "
                        "documentation or service, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case O_PREC: opt.bias = -1; break;
        case O_REC: opt.bias = 1; break;
        case O_COMMENTS: opt.comments = true; break;
        case O_SKIP: skip = optarg; break;
        case 'h': usage(stdout); return 0;
        default:
            if (optopt == 'o' || optopt >= O_FORMAT)
                fprintf(stderr, "winnow explain: option '%s' needs a value\n", argv[optind - 1]);
            else
                fprintf(stderr, "winnow explain: unknown option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "winnow explain: give one page (a file, or - for stdin)\n");
        usage(stderr);
        return 2;
    }
    if (skip) {
        /* names are checked here so that the message can name the bad one */
        for (const char *p = skip; *p;) {
            while (*p == ',' || *p == ' ') p++;
            size_t n = strcspn(p, ", ");
            if (!n) break;
            int known = 0;
            for (unsigned i = 0; wn_pass_name(i) && !known; i++)
                known = strlen(wn_pass_name(i)) == n && !strncmp(wn_pass_name(i), p, n);
            if (!known) {
                fprintf(stderr, "winnow explain: --skip-pass: no pass named '%.*s' (winnow extract --list-passes)\n",
                        (int)n, p);
                return 2;
            }
            p += n;
        }
        opt.skip_passes = skip;
    }
    const char *path = argv[optind];
    int is_stdin = !strcmp(path, "-");
    char id[512];
    if (is_stdin) snprintf(id, sizeof id, "-");
    else cli_file_id(path, id, sizeof id);
    const char *name = is_stdin ? "<stdin>" : path;

    int rc = 1;
    wn_extractor_t *x = NULL;
    wn_doc_t *doc = NULL;
    char *report = NULL;
    FILE *out = NULL;
    wn_buf_t in;
    wn_buf_init(&in, opt.max_page_bytes + 1);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "winnow explain: %s: %s\n", name, strerror(errno));
        goto out;
    }
    wn_status rs = read_all(f, &in);
    if (!is_stdin) fclose(f);
    if (rs != WN_OK) {
        fprintf(stderr, "winnow explain: %s: %s\n", name, wn_strerror(rs));
        goto out;
    }
    x = wn_extractor_new(&opt);
    if (!x) {
        fprintf(stderr, "winnow explain: out of memory\n");
        goto out;
    }
    wn_status st = wn_extract(x, in.data ? in.data : "", in.len, url, ct, &doc);
    if (!doc) {
        fprintf(stderr, "winnow explain: %s: %s\n", name, wn_strerror(st));
        goto out;
    }
    if (st != WN_OK) fprintf(stderr, "winnow explain: %s: %s\n", name, doc->error ? doc->error : wn_strerror(st));
    report = json ? wn_explain_to_json(doc, id) : wn_explain_to_html(doc, id);
    if (!report) {
        fprintf(stderr, "winnow explain: %s: out of memory writing the report\n", name);
        goto out;
    }
    out = outpath ? fopen(outpath, "w") : stdout;
    if (!out) {
        fprintf(stderr, "winnow explain: %s: %s\n", outpath, strerror(errno));
        goto out;
    }
    fputs(report, out);
    if (json) fputc('\n', out);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(stderr, "winnow explain: writing %s: %s\n", outpath ? outpath : "the report", strerror(errno));
        goto out;
    }
    rc = st == WN_OK ? 0 : 1;
out:
    if (out && out != stdout && fclose(out) != 0 && rc == 0) {
        fprintf(stderr, "winnow explain: writing %s: %s\n", outpath, strerror(errno));
        rc = 1;
    }
    free(report);
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
    wn_buf_free(&in);
    return rc;
}
