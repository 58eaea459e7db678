/* winnow/config.h -- pipeline.conf: every knob of the pipeline stage.
 *
 * An INI file read with libinih. Every key has a default (wn_config_init);
 * the file overrides the defaults and command-line flags override the file
 * (wn_config_set with the same section/key names). An unknown section or
 * key, or a value that does not parse, is an error naming file:line:
 *
 *     pipeline.conf:12: unknown key 'wrokers' in [pipeline]
 *
 * Sizes accept the suffixes k, M, G (powers of 1024), e.g. "16M".
 * Booleans accept true/false, yes/no, on/off, 1/0.
 *
 * wn_config_t is a plain value: no pointers, every string is an array in
 * the struct, so it can be copied with `=` and needs no freeing. Fields are
 * only appended, never renamed. The reference is docs/pipeline.conf.5.
 */
#ifndef WINNOW_CONFIG_H
#define WINNOW_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "winnow/extract.h"
#include "winnow/status.h"

#define WN_CONFIG_ENDPOINT_MAX 256 /* bytes for an endpoint, NUL included */
#define WN_CONFIG_PATH_MAX 1024    /* bytes for a path, NUL included */
#define WN_CONFIG_KEY_MAX 64       /* bytes for a Z85 CURVE key (40 chars), NUL included */

typedef enum wn_config_gzip {
    WN_GZIP_AUTO = 0, /* gzip when the output path ends in ".gz" */
    WN_GZIP_NO = 1,
    WN_GZIP_YES = 2
} wn_config_gzip;

typedef struct wn_config {
    /* [pipeline] */
    unsigned workers;                        /* workers = 2 (run) */
    char tasks[WN_CONFIG_ENDPOINT_MAX];      /* tasks = tcp://127.0.0.1:5557 (source binds PUSH) */
    char results[WN_CONFIG_ENDPOINT_MAX];    /* results = tcp://127.0.0.1:5558 (sink binds PULL) */
    char acks[WN_CONFIG_ENDPOINT_MAX];       /* acks = tcp://127.0.0.1:5559 (source binds PULL) */
    char local_tasks[WN_CONFIG_ENDPOINT_MAX];   /* local_tasks = (none): a second endpoint the source binds
                                                   for tasks; `winnow run` sets an ipc:// one for its workers */
    char local_results[WN_CONFIG_ENDPOINT_MAX]; /* local_results = (none): the same for the sink's results */
    char sources[4 * WN_CONFIG_PATH_MAX];    /* sources = corpus/crawl.warc.gz (whitespace-separated) */

    /* [delivery] */
    int hwm;                /* hwm = 16: ZeroMQ high-water mark of every pipeline socket */
    unsigned max_in_flight; /* max_in_flight = 64: unacknowledged tasks a source holds */
    unsigned deadline_ms;   /* deadline_ms = 30000: resend a task not acknowledged by then */
    unsigned attempts;      /* attempts = 3: sends before the source gives up on a task */

    /* [limits] */
    size_t max_page_bytes;     /* max_page_bytes = 16M: raw body of one page */
    size_t max_inflated_bytes; /* max_inflated_bytes = 64M: body after de-chunking/inflating */
    unsigned max_depth;        /* max_depth = 512: DOM nesting */
    size_t max_headers;        /* max_headers = 256: HTTP/WARC header fields */
    size_t max_header_line;    /* max_header_line = 64k: one header line */
    size_t max_record;         /* max_record = 64M: one WARC record block */

    /* [extract] */
    wn_format_t format; /* format = text | markdown | json */
    bool tables;        /* tables = true */
    bool comments;      /* comments = false */
    bool links;         /* links = false */
    bool images;        /* images = false */
    int bias;           /* bias = balanced: precision (-1) | balanced (0) | recall (+1) */

    /* [output] */
    char output_path[WN_CONFIG_PATH_MAX]; /* path = out/clean.jsonl ("-" is stdout) */
    wn_config_gzip output_gzip;           /* gzip = auto | yes | no */

    /* [curve] -- ZeroMQ CURVE (winnow/curve.h); all empty: plaintext sockets */
    char server_public_key[WN_CONFIG_KEY_MAX];
    char server_secret_key[WN_CONFIG_KEY_MAX];
    char client_public_key[WN_CONFIG_KEY_MAX];
    char client_secret_key[WN_CONFIG_KEY_MAX];
    char authorized_keys[WN_CONFIG_PATH_MAX]; /* path of a file of client public keys */

    /* [fetch] */
    unsigned concurrency;        /* concurrency = 32: transfers at once */
    unsigned per_host;           /* per_host = 2: transfers at once to one host */
    unsigned delay_ms;           /* delay_ms = 1000: between requests to one host */
    unsigned connect_timeout_ms; /* connect_timeout_ms = 5000 */
    unsigned timeout_ms;         /* timeout_ms = 30000: whole transfer */
    unsigned max_redirects;      /* max_redirects = 5 */
    size_t max_body;             /* max_body = 16M */
    char user_agent[256];        /* user_agent = winnow/0.1 (+https://example.invalid/winnow) */
    unsigned retries;            /* retries = 2 */
    unsigned backoff_ms;         /* backoff_ms = 1000: first retry delay, doubled each time */
    bool robots;                 /* robots = true: obey robots.txt */
    char warc[WN_CONFIG_PATH_MAX]; /* warc = (empty): also save fetched pages to this WARC.gz */

    /* [extract], appended */
    unsigned host_memory; /* host_memory = 0: off; N: drop blocks seen on N earlier pages of a host (winnow/hostmem.h) */

    /* appended for pipeline operations (docs/pipeline.conf.5) */
    bool remote_workers;               /* [pipeline] remote_workers = false: `winnow run` binds only ipc:// in its
                                          private directory; true: also tasks/results/acks for other hosts */
    char ack_allow[4 * WN_CONFIG_ENDPOINT_MAX]; /* [pipeline] ack_allow = (empty: any): the ack endpoints a sink
                                                   may connect to, whitespace-separated; a trailing '*' matches a prefix */
    unsigned heartbeat_ms;             /* [delivery] heartbeat_ms = 250: worker heartbeat period (0: off) */
    unsigned liveness;                 /* [delivery] liveness = 4: missed heartbeats before a worker is dead */
    unsigned wait_ms;                  /* [delivery] wait_ms = 0: longest a source waits without any
                                          acknowledgement (for room or at the end; 0: no limit) */
    size_t max_ids;                    /* [output] max_ids = 16M: ids the sink remembers */
    bool output_fsync;                 /* [output] fsync = false: fsync after every batch */
    char stats[WN_CONFIG_PATH_MAX];    /* [pipeline] stats = (none): Prometheus text file of the counters */
    /* [extract], appended */
    wn_page_type_t page_type; /* page_type = auto: classify each page; or article, forum, product, collection,
                               * listing, documentation, service: read every page as that type */
    char langs[64];           /* [extract] lang = (empty: all): languages kept, "en,fr"; others are skipped */
    char output_format[16];   /* [output] format = jsonl: one record per line; wet: WET (docs/record.md) */
} wn_config_t;

/* Fills `c` with every default listed above. */
WN_EXPORT void wn_config_init(wn_config_t *c);

/* Reads the INI file `path` over the current contents of `c` (call
 * wn_config_init first). Returns WN_OK; WN_EIO if the file cannot be read;
 * WN_ECONFIG for an unknown section/key or a bad value, with the message
 * "path:line: ..." in err[0..errlen). On error `c` may be partly updated. */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_load_file(wn_config_t *c, const char *path, char *err,
                                                      size_t errlen);

/* Like wn_config_load_file, from the NUL-terminated text `ini`; `name` is
 * used in messages in place of the file name. */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_load_string(wn_config_t *c, const char *ini, const char *name,
                                                        char *err, size_t errlen);

/* Sets one key as if it were in the file, e.g. ("delivery", "hwm", "8").
 * Returns WN_OK or WN_ECONFIG with a message (no file:line prefix). */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_set(wn_config_t *c, const char *section, const char *key,
                                                const char *value, char *err, size_t errlen);

/* Sets one key from "section.key=value" (the form of the -o flag). */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_set_arg(wn_config_t *c, const char *arg, char *err,
                                                    size_t errlen);

/* Parses a size with an optional k/M/G suffix ("64k" = 65536) into *out.
 * Returns WN_OK or WN_EINVAL (empty, junk, overflow). */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_parse_size(const char *s, size_t *out);

/* Returns the whole configuration as INI text that wn_config_load_string
 * reads back to the same values (how `winnow run` hands its effective
 * configuration, flags included, to its children). malloc'd, NUL-terminated,
 * the caller frees it; NULL on allocation failure or when a string value
 * cannot be written in INI (a newline in it). */
WN_EXPORT char *wn_config_to_ini(const wn_config_t *c);

/* Checks what no single key can: every endpoint is tcp://HOST:PORT (port
 * 1..65535 or *), ipc://PATH (path under 108 bytes) or inproc://NAME, and
 * no two roles share one (the same ipc:// path for tasks and acks would
 * bind twice and hang). Returns WN_OK or WN_ECONFIG with a message. */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_check(const wn_config_t *c, char *err, size_t errlen);

/* Checks one endpoint as wn_config_check does; `what` names it in err. */
WN_EXPORT WN_MUST_CHECK wn_status wn_config_check_endpoint(const char *ep, const char *what, char *err, size_t errlen);

/* Fills `opt` (see winnow/extract.h) from the [extract] and [limits]
 * sections, starting from wn_options_init defaults. */
WN_EXPORT void wn_config_extract_options(const wn_config_t *c, wn_options_t *opt);

#endif
