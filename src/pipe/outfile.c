/* outfile.c -- one crash-safe output file (see winnow/outfile.h).
 *
 * Writing: the batch goes through one output buffer (and, for gzip, one
 * deflate stream that Z_FINISH ends at the commit: a complete member per
 * batch). `committed` is the file size at the last good commit; any write
 * error cuts the file back to it.
 *
 * Recovery on open reads the whole file once: records are split out of the
 * (decoded) content and handed to the caller. For gzip, `clean` is the end
 * of the last member after which no record is left open; when the file
 * ends inside a member (a crash) or mid-record, it is cut back to `clean`
 * and the complete records decoded after it are written again as one new
 * member. That rewrite goes through PATH.salvage (fsync'd first), so a
 * crash during the repair is repaired on the next open.
 */
#include "winnow/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "winnow/buf.h"

#define OBUF (1u << 20)  /* output buffer */
#define RBUF (1u << 18)  /* recovery read chunk */
#define DEFAULT_MAX_RECORD (256u << 20)

struct wn_outfile {
    char *path;
    int fd;
    int is_stdout;
    wn_outfile_opts_t o;
    z_stream z;
    int z_ready;   /* deflateInit2 done */
    int in_member; /* a member is open (bytes given since the last commit) */
    char *obuf;
    size_t olen;
    uint64_t committed; /* file size at the last commit */
    uint64_t written;   /* bytes written to fd */
    uint64_t pending;   /* bytes given since the last commit */
    char err[600];
};

static void set_err(wn_outfile_t *f, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void set_err(wn_outfile_t *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err, sizeof f->err, fmt, ap);
    va_end(ap);
}

void wn_outfile_opts_init(wn_outfile_opts_t *o) {
    memset(o, 0, sizeof *o);
    o->level = 6;
}

const char *wn_outfile_error(const wn_outfile_t *f) { return f ? f->err : ""; }

uint64_t wn_outfile_size(const wn_outfile_t *f) { return f ? f->committed : 0; }

/* Writes p[0..n) at the end of the file; 0 or -1 with errno. */
static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (w == 0) {
            errno = ENOSPC;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* ---------------------------------------------------------------- records */

/* Splits the content into records and hands them over. `pending` bytes
 * (a record still open) sit in `part` or, past max_record, are skipped. */
typedef struct rec_reader {
    const wn_outfile_opts_t *o;
    size_t max;
    wn_buf_t part;
    int skipping;        /* lines only: a record over max, read to its '\n' */
    uint64_t skip_len;   /* bytes of it so far */
    uint64_t fed;        /* content bytes seen */
    uint64_t records, skipped;
    int quiet;           /* do not hand records over (a repair pass) */
} rec_reader_t;

static size_t split_line(const char *buf, size_t n) {
    const char *nl = memchr(buf, '\n', n);
    return nl ? (size_t)(nl - buf) + 1 : 0;
}

static uint64_t rr_pending(const rec_reader_t *r) { return r->part.len + r->skip_len; }

static wn_status rr_emit(rec_reader_t *r, const char *p, size_t n) {
    r->records++;
    if (r->quiet || !r->o->record) return WN_OK;
    return r->o->record(r->o->ud, p, n);
}

static wn_status rr_feed(rec_reader_t *r, const char *p, size_t n) {
    wn_outfile_split_fn split = r->o->split ? r->o->split : split_line;
    int lines = !r->o->split;
    r->fed += n;
    while (n > 0) {
        if (r->skipping) {
            const char *nl = memchr(p, '\n', n);
            size_t take = nl ? (size_t)(nl - p) + 1 : n;
            p += take;
            n -= take;
            r->skip_len += take;
            if (nl) {
                r->skipping = 0;
                r->skip_len = 0;
                r->skipped++;
            }
            continue;
        }
        if (r->part.len == 0) {
            size_t k = split(p, n);
            if (k > 0 && k <= n) {
                wn_status st = rr_emit(r, p, k);
                if (st != WN_OK) return st;
                p += k;
                n -= k;
                continue;
            }
            if (n > r->max) {
                if (!lines) return WN_ETOOBIG;
                r->skipping = 1;
                continue;
            }
            return wn_buf_add(&r->part, p, n);
        }
        /* A record began in an earlier chunk. */
        size_t take = n;
        if (lines) {
            const char *nl = memchr(p, '\n', n);
            if (nl) take = (size_t)(nl - p) + 1;
        }
        if (r->part.len + take > r->max) {
            if (!lines) return WN_ETOOBIG;
            r->skip_len = r->part.len;
            wn_buf_reset(&r->part);
            r->skipping = 1;
            continue;
        }
        wn_status st = wn_buf_add(&r->part, p, take);
        if (st != WN_OK) return st;
        p += take;
        n -= take;
        for (;;) {
            size_t k = split(r->part.data, r->part.len);
            if (!k || k > r->part.len) break;
            st = rr_emit(r, r->part.data, k);
            if (st != WN_OK) return st;
            memmove(r->part.data, r->part.data + k, r->part.len - k);
            r->part.len -= k;
            if (!lines && r->part.len) continue;
            break;
        }
    }
    return WN_OK;
}

/* ------------------------------------------------------------- recovery */

static wn_status io_err(wn_outfile_t *f, const char *what) {
    set_err(f, "%s: %s: %s", f->path, what, strerror(errno));
    return WN_EIO;
}

/* Plain file: hands over its records, cuts an unfinished last one. */
static wn_status recover_plain(wn_outfile_t *f, rec_reader_t *r, uint64_t size, wn_outfile_info_t *info) {
    char *buf = malloc(RBUF);
    if (!buf) return WN_ENOMEM;
    wn_status st = WN_OK;
    uint64_t off = 0;
    while (off < size) {
        ssize_t got = pread(f->fd, buf, RBUF, (off_t)off);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            st = io_err(f, "cannot read");
            goto out;
        }
        if (got == 0) break;
        off += (uint64_t)got;
        st = rr_feed(r, buf, (size_t)got);
        if (st != WN_OK) goto out;
    }
    uint64_t cut = rr_pending(r);
    if (cut) {
        if (ftruncate(f->fd, (off_t)(size - cut)) != 0) {
            st = io_err(f, "cannot cut its unfinished last record");
            goto out;
        }
        info->dropped_bytes = cut;
    }
    f->committed = f->written = size - cut;
out:
    free(buf);
    return st;
}

typedef struct gz_scan {
    uint64_t clean;     /* end of the last member after which no record is open */
    uint64_t dec_clean; /* content bytes before `clean` */
    uint64_t rec_clean; /* records before `clean` */
    uint64_t done;      /* content bytes in complete records */
    int broken;         /* the file does not end at a clean member end */
} gz_scan_t;

/* Reads the gzip members of the file from offset 0, feeding the content to
 * r (NULL: only find the members). Stops at the end of the file or at the
 * first byte that is not part of a complete member. */
static wn_status scan_gz(wn_outfile_t *f, uint64_t size, rec_reader_t *r, gz_scan_t *g) {
    memset(g, 0, sizeof *g);
    unsigned char *in = malloc(RBUF), *out = malloc(RBUF);
    z_stream z;
    memset(&z, 0, sizeof z);
    wn_status st = WN_ENOMEM;
    if (!in || !out || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) goto out;
    st = WN_OK;
    uint64_t off = 0;      /* file offset of z.next_in */
    uint64_t dec = 0;      /* content bytes so far */
    z.avail_in = 0;
    for (;;) {
        if (z.avail_in == 0) {
            if (off >= size) break;
            ssize_t got = pread(f->fd, in, RBUF, (off_t)off);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                st = io_err(f, "cannot read");
                goto out;
            }
            if (got == 0) break;
            z.next_in = in;
            z.avail_in = (uInt)got;
            off += (uint64_t)got;
        }
        z.next_out = out;
        z.avail_out = RBUF;
        int zr = inflate(&z, Z_NO_FLUSH);
        size_t n = RBUF - z.avail_out;
        dec += n;
        if (n && r) {
            st = rr_feed(r, (const char *)out, n);
            if (st != WN_OK) goto out;
        }
        if (zr == Z_STREAM_END) {
            uint64_t end = off - z.avail_in;
            if (!r || rr_pending(r) == 0) {
                g->clean = end;
                g->dec_clean = dec;
                g->rec_clean = r ? r->records : 0;
            }
            if (inflateReset(&z) != Z_OK) {
                st = WN_ENOMEM;
                goto out;
            }
            continue;
        }
        if (zr == Z_BUF_ERROR && z.avail_in == 0) continue; /* needs more input */
        if (zr != Z_OK) break;                               /* not gzip, or corrupt: stop here */
    }
    g->done = r ? dec - rr_pending(r) : dec;
    g->broken = g->clean != size;
out:
    inflateEnd(&z);
    free(in);
    free(out);
    return st;
}

/* Writes, as one gzip member in `dst_fd`, the first `len` content bytes of
 * the members starting at file offset `from`. */
static wn_status recompress(wn_outfile_t *f, uint64_t from, uint64_t len, int dst_fd) {
    unsigned char *in = malloc(RBUF), *mid = malloc(RBUF), *out = malloc(RBUF);
    z_stream zi, zo;
    memset(&zi, 0, sizeof zi);
    memset(&zo, 0, sizeof zo);
    int zi_ok = 0, zo_ok = 0;
    wn_status st = WN_ENOMEM;
    if (!in || !mid || !out) goto out;
    if (inflateInit2(&zi, 16 + MAX_WBITS) != Z_OK) goto out;
    zi_ok = 1;
    if (deflateInit2(&zo, f->o.level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) goto out;
    zo_ok = 1;
    st = WN_OK;
    uint64_t off = from, left = len;
    while (left > 0) {
        if (zi.avail_in == 0) {
            ssize_t got = pread(f->fd, in, RBUF, (off_t)off);
            if (got <= 0) {
                st = got < 0 ? io_err(f, "cannot read") : WN_ECORRUPT;
                goto out;
            }
            zi.next_in = in;
            zi.avail_in = (uInt)got;
            off += (uint64_t)got;
        }
        zi.next_out = mid;
        zi.avail_out = RBUF;
        int zr = inflate(&zi, Z_NO_FLUSH);
        size_t n = RBUF - zi.avail_out;
        if (n > left) n = (size_t)left;
        left -= n;
        zo.next_in = mid;
        zo.avail_in = (uInt)n;
        while (zo.avail_in > 0) {
            zo.next_out = out;
            zo.avail_out = RBUF;
            (void)deflate(&zo, Z_NO_FLUSH);
            if (write_all(dst_fd, (const char *)out, RBUF - zo.avail_out) != 0) {
                st = io_err(f, "cannot write the repair file");
                goto out;
            }
        }
        if (zr == Z_STREAM_END) {
            if (inflateReset(&zi) != Z_OK) {
                st = WN_ENOMEM;
                goto out;
            }
        } else if (zr != Z_OK && !(zr == Z_BUF_ERROR && zi.avail_in == 0)) {
            if (left) st = WN_ECORRUPT;
            break;
        }
    }
    for (int zr = Z_OK; zr != Z_STREAM_END;) {
        zo.next_out = out;
        zo.avail_out = RBUF;
        zr = deflate(&zo, Z_FINISH);
        if (write_all(dst_fd, (const char *)out, RBUF - zo.avail_out) != 0) {
            st = io_err(f, "cannot write the repair file");
            goto out;
        }
        if (zr != Z_OK && zr != Z_STREAM_END) {
            st = WN_ENOMEM;
            goto out;
        }
    }
out:
    if (zi_ok) inflateEnd(&zi);
    if (zo_ok) deflateEnd(&zo);
    free(in);
    free(mid);
    free(out);
    return st;
}

static char *salvage_path(const char *path) {
    size_t n = strlen(path);
    char *s = malloc(n + 9);
    if (s) {
        memcpy(s, path, n);
        memcpy(s + n, ".salvage", 9);
    }
    return s;
}

/* Cuts the file to `at` and appends the content of the repair file `sfd`
 * (size ssize), fsync'd; then removes the repair file. */
static wn_status apply_salvage(wn_outfile_t *f, uint64_t at, int sfd, uint64_t ssize, const char *spath) {
    if (ftruncate(f->fd, (off_t)at) != 0) return io_err(f, "cannot cut its unfinished last member");
    char *buf = malloc(RBUF);
    if (!buf) return WN_ENOMEM;
    uint64_t off = 0;
    wn_status st = WN_OK;
    while (off < ssize) {
        ssize_t got = pread(sfd, buf, RBUF, (off_t)off);
        if (got <= 0) {
            st = io_err(f, "cannot read its repair file");
            goto out;
        }
        if (pwrite(f->fd, buf, (size_t)got, (off_t)(at + off)) != got) {
            st = io_err(f, "cannot write");
            goto out;
        }
        off += (uint64_t)got;
    }
    if (fsync(f->fd) != 0) {
        st = io_err(f, "fsync");
        goto out;
    }
    (void)unlink(spath);
out:
    free(buf);
    return st;
}

/* A repair file left by a crash during an earlier repair: finishes it. */
static wn_status finish_old_salvage(wn_outfile_t *f, const char *spath) {
    int sfd = open(spath, O_RDONLY | O_CLOEXEC);
    if (sfd < 0) return errno == ENOENT ? WN_OK : io_err(f, "cannot open its repair file");
    wn_status st = WN_OK;
    struct stat ss, ms;
    if (fstat(sfd, &ss) != 0 || fstat(f->fd, &ms) != 0) {
        st = io_err(f, "stat");
        goto out;
    }
    /* Complete? (scan_gz on the repair file's descriptor) */
    int keep_fd = f->fd;
    gz_scan_t g;
    f->fd = sfd;
    st = scan_gz(f, (uint64_t)ss.st_size, NULL, &g);
    f->fd = keep_fd;
    if (st != WN_OK) goto out;
    if (g.broken || ss.st_size == 0) { /* the crash came while it was written: the file was not touched yet */
        (void)unlink(spath);
        goto out;
    }
    st = scan_gz(f, (uint64_t)ms.st_size, NULL, &g);
    if (st != WN_OK) goto out;
    if (!g.broken && (uint64_t)ms.st_size >= (uint64_t)ss.st_size) {
        /* Already appended whole? Then the file ends with its bytes. */
        char a[4096], b[4096];
        uint64_t n = (uint64_t)ss.st_size, at = (uint64_t)ms.st_size - n, off = 0;
        int same = 1;
        while (same && off < n) {
            size_t k = n - off > sizeof a ? sizeof a : (size_t)(n - off);
            if (pread(sfd, a, k, (off_t)off) != (ssize_t)k || pread(f->fd, b, k, (off_t)(at + off)) != (ssize_t)k)
                same = 0;
            else
                same = !memcmp(a, b, k);
            off += k;
        }
        if (same) {
            (void)unlink(spath);
            goto out;
        }
    }
    st = apply_salvage(f, g.clean, sfd, (uint64_t)ss.st_size, spath);
out:
    close(sfd);
    return st;
}

static wn_status recover_gz(wn_outfile_t *f, rec_reader_t *r, uint64_t size, wn_outfile_info_t *info) {
    char *spath = salvage_path(f->path);
    if (!spath) return WN_ENOMEM;
    wn_status st = finish_old_salvage(f, spath);
    if (st != WN_OK) goto out;
    struct stat sb;
    if (fstat(f->fd, &sb) != 0) {
        st = io_err(f, "stat");
        goto out;
    }
    size = (uint64_t)sb.st_size;
    if (size >= 2) {
        unsigned char magic[2];
        if (pread(f->fd, magic, 2, 0) != 2) {
            st = io_err(f, "cannot read");
            goto out;
        }
        if (magic[0] != 0x1f || magic[1] != 0x8b) {
            set_err(f, "%s: not a gzip file; refusing to append gzip members to it", f->path);
            st = WN_ECORRUPT;
            goto out;
        }
    }
    gz_scan_t g;
    st = scan_gz(f, size, r, &g);
    if (st != WN_OK) goto out;
    if (g.broken) {
        uint64_t keep = g.done - g.dec_clean; /* content of complete records after `clean` */
        info->dropped_bytes = size - g.clean;
        if (keep > 0) {
            int sfd = open(spath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (sfd < 0) {
                st = io_err(f, "cannot create its repair file");
                goto out;
            }
            st = recompress(f, g.clean, keep, sfd);
            if (st == WN_OK && fsync(sfd) != 0) st = io_err(f, "fsync of its repair file");
            struct stat ss;
            if (st == WN_OK && fstat(sfd, &ss) != 0) st = io_err(f, "stat");
            if (st == WN_OK) st = apply_salvage(f, g.clean, sfd, (uint64_t)ss.st_size, spath);
            close(sfd);
            if (st != WN_OK) goto out;
            info->salvaged = r->records - g.rec_clean;
            if (fstat(f->fd, &sb) != 0) {
                st = io_err(f, "stat");
                goto out;
            }
            size = (uint64_t)sb.st_size;
        } else {
            if (ftruncate(f->fd, (off_t)g.clean) != 0) {
                st = io_err(f, "cannot cut its unfinished last member");
                goto out;
            }
            size = g.clean;
        }
    }
    f->committed = f->written = size;
out:
    free(spath);
    return st;
}

/* Says who holds the lock on the file (from /proc/locks), into out. */
static void lock_holder(int fd, char *out, size_t outlen) {
    out[0] = '\0';
    struct stat sb;
    if (fstat(fd, &sb) != 0) return;
    FILE *pl = fopen("/proc/locks", "r");
    if (!pl) return;
    char line[256];
    while (fgets(line, sizeof line, pl)) {
        long pid = 0;
        unsigned maj = 0, min = 0;
        unsigned long long ino = 0;
        char kind[16];
        /* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" */
        if (sscanf(line, "%*d: %15s %*s %*s %ld %x:%x:%llu", kind, &pid, &maj, &min, &ino) == 5 &&
            !strcmp(kind, "FLOCK") && ino == (unsigned long long)sb.st_ino && pid > 0) {
            snprintf(out, outlen, " (pid %ld)", pid);
            break;
        }
    }
    fclose(pl);
}

wn_outfile_t *wn_outfile_open(const char *path, const wn_outfile_opts_t *o, wn_outfile_info_t *info,
                              wn_status *st, char *err, size_t errlen) {
    wn_status dummy;
    wn_outfile_info_t dinfo;
    if (!st) st = &dummy;
    if (!info) info = &dinfo;
    memset(info, 0, sizeof *info);
    rec_reader_t r;
    memset(&r, 0, sizeof r);
    wn_outfile_t *f = calloc(1, sizeof *f);
    *st = WN_ENOMEM;
    if (err && errlen) snprintf(err, errlen, "%s: out of memory", path ? path : "");
    if (!f) return NULL;
    f->fd = -1;
    if (o) f->o = *o;
    else wn_outfile_opts_init(&f->o);
    if (f->o.level < 1 || f->o.level > 9) f->o.level = 6;
    f->path = strdup(path ? path : "");
    f->obuf = malloc(OBUF);
    if (!f->path || !f->obuf) goto fail;
    if (!strcmp(f->path, "-")) {
        f->is_stdout = 1;
        f->fd = STDOUT_FILENO;
        *st = WN_OK;
        return f;
    }
    f->fd = open(f->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (f->fd < 0) {
        *st = io_err(f, "cannot open");
        goto fail_msg;
    }
    struct stat sb;
    if (fstat(f->fd, &sb) != 0) {
        *st = io_err(f, "stat");
        goto fail_msg;
    }
    if (!S_ISREG(sb.st_mode)) {
        set_err(f, "%s: not a regular file", f->path);
        *st = WN_EIO;
        goto fail_msg;
    }
    if (flock(f->fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            char who[48];
            lock_holder(f->fd, who, sizeof who);
            set_err(f, "%s: another process is writing it%s; one writer per output (use another path, or stop it)",
                    f->path, who);
            *st = WN_EBUSY;
        } else {
            *st = io_err(f, "cannot lock");
        }
        goto fail_msg;
    }
    r.o = &f->o;
    r.max = f->o.max_record ? f->o.max_record : DEFAULT_MAX_RECORD;
    wn_buf_init(&r.part, r.max);
    *st = f->o.gzip ? recover_gz(f, &r, (uint64_t)sb.st_size, info) : recover_plain(f, &r, (uint64_t)sb.st_size, info);
    info->records = r.records;
    info->skipped = r.skipped;
    wn_buf_free(&r.part);
    if (*st != WN_OK) {
        if (!f->err[0]) set_err(f, "%s: cannot read back: %s", f->path, wn_strerror(*st));
        goto fail_msg;
    }
    if (err && errlen) err[0] = '\0';
    return f;
fail_msg:
    if (err && errlen) snprintf(err, errlen, "%s", f->err);
    wn_outfile_destroy(&f);
    return NULL;
fail:
    wn_outfile_destroy(&f);
    return NULL;
}

wn_status wn_outfile_read(const char *path, const wn_outfile_opts_t *o, wn_outfile_info_t *info, char *err,
                          size_t errlen) {
    wn_outfile_info_t dinfo;
    if (!info) info = &dinfo;
    memset(info, 0, sizeof *info);
    wn_outfile_t f;
    memset(&f, 0, sizeof f);
    f.path = (char *)(uintptr_t)path;
    if (o) f.o = *o;
    else wn_outfile_opts_init(&f.o);
    f.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f.fd < 0) {
        if (errno == ENOENT) return WN_OK;
        wn_status st = io_err(&f, "cannot open");
        if (err && errlen) snprintf(err, errlen, "%s", f.err);
        return st;
    }
    rec_reader_t r;
    memset(&r, 0, sizeof r);
    r.o = &f.o;
    r.max = f.o.max_record ? f.o.max_record : DEFAULT_MAX_RECORD;
    wn_buf_init(&r.part, r.max);
    struct stat sb;
    wn_status st = fstat(f.fd, &sb) != 0 ? io_err(&f, "stat") : WN_OK;
    if (st == WN_OK && f.o.gzip) {
        unsigned char magic[2] = {0x1f, 0x8b};
        if (sb.st_size >= 2 && (pread(f.fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b)) {
            set_err(&f, "%s: not a gzip file", path);
            st = WN_ECORRUPT;
        } else {
            gz_scan_t g;
            st = scan_gz(&f, (uint64_t)sb.st_size, &r, &g);
        }
    } else if (st == WN_OK) {
        char *buf = malloc(RBUF);
        uint64_t off = 0;
        if (!buf) st = WN_ENOMEM;
        while (st == WN_OK && off < (uint64_t)sb.st_size) {
            ssize_t got = pread(f.fd, buf, RBUF, (off_t)off);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) break;
            off += (uint64_t)got;
            st = rr_feed(&r, buf, (size_t)got);
        }
        free(buf);
    }
    info->records = r.records;
    info->skipped = r.skipped;
    wn_buf_free(&r.part);
    close(f.fd);
    if (st != WN_OK && err && errlen) snprintf(err, errlen, "%s", f.err[0] ? f.err : wn_strerror(st));
    return st;
}

/* ---------------------------------------------------------------- writing */

/* Cuts the file back to the last commit after a failed write; keeps the
 * message already set. */
static wn_status rollback(wn_outfile_t *f) {
    f->olen = 0;
    f->pending = 0;
    f->in_member = 0;
    if (f->z_ready) (void)deflateReset(&f->z);
    if (!f->is_stdout && f->written != f->committed) {
        int saved = errno;
        if (ftruncate(f->fd, (off_t)f->committed) == 0) f->written = f->committed;
        errno = saved;
    }
    return WN_EIO;
}

static wn_status flush_obuf(wn_outfile_t *f) {
    if (!f->olen) return WN_OK;
    if (write_all(f->fd, f->obuf, f->olen) != 0) {
        set_err(f, "%s: write failed: %s", f->path, strerror(errno));
        return rollback(f);
    }
    f->written += f->olen;
    f->olen = 0;
    return WN_OK;
}

/* Runs deflate over the given input with `flush`, emptying obuf as it fills. */
static wn_status deflate_some(wn_outfile_t *f, const void *p, size_t n, int flush) {
    f->z.next_in = (Bytef *)(uintptr_t)p;
    f->z.avail_in = 0;
    for (;;) {
        if (f->z.avail_in == 0 && n > 0) {
            uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
            f->z.avail_in = k;
            n -= k;
        }
        if (f->olen == OBUF) {
            wn_status st = flush_obuf(f);
            if (st != WN_OK) return st;
        }
        f->z.next_out = (Bytef *)f->obuf + f->olen;
        f->z.avail_out = (uInt)(OBUF - f->olen);
        int zr = deflate(&f->z, n > 0 ? Z_NO_FLUSH : flush);
        f->olen = OBUF - f->z.avail_out;
        if (zr == Z_STREAM_END) return WN_OK;
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            set_err(f, "%s: deflate failed (%d)", f->path, zr);
            return rollback(f);
        }
        if (f->z.avail_in == 0 && n == 0 && f->z.avail_out > 0 && flush == Z_NO_FLUSH) return WN_OK;
    }
}

wn_status wn_outfile_write(wn_outfile_t *f, const void *p, size_t n) {
    if (!f) return WN_EINVAL;
    f->err[0] = '\0';
    if (!n) return WN_OK;
    f->pending += n;
    if (f->o.gzip) {
        if (!f->z_ready) {
            memset(&f->z, 0, sizeof f->z);
            if (deflateInit2(&f->z, f->o.level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
                set_err(f, "%s: out of memory", f->path);
                return WN_ENOMEM;
            }
            f->z_ready = 1;
        }
        f->in_member = 1;
        return deflate_some(f, p, n, Z_NO_FLUSH);
    }
    const char *s = p;
    while (n > 0) {
        if (f->olen == OBUF) {
            wn_status st = flush_obuf(f);
            if (st != WN_OK) return st;
        }
        size_t k = OBUF - f->olen < n ? OBUF - f->olen : n;
        memcpy(f->obuf + f->olen, s, k);
        f->olen += k;
        s += k;
        n -= k;
    }
    return WN_OK;
}

wn_status wn_outfile_commit(wn_outfile_t *f) {
    if (!f) return WN_EINVAL;
    f->err[0] = '\0';
    if (!f->pending) return WN_OK;
    wn_status st = WN_OK;
    if (f->in_member) {
        st = deflate_some(f, NULL, 0, Z_FINISH);
        if (st != WN_OK) return st;
        (void)deflateReset(&f->z);
        f->in_member = 0;
    }
    st = flush_obuf(f);
    if (st != WN_OK) return st;
    if (f->o.sync && !f->is_stdout && fsync(f->fd) != 0) {
        set_err(f, "%s: fsync failed: %s", f->path, strerror(errno));
        return rollback(f);
    }
    f->committed = f->written;
    f->pending = 0;
    return WN_OK;
}

static void release(wn_outfile_t *f) {
    if (f->z_ready) deflateEnd(&f->z);
    free(f->path);
    free(f->obuf);
    free(f);
}

wn_status wn_outfile_close(wn_outfile_t **self) {
    if (!self || !*self) return WN_OK;
    wn_outfile_t *f = *self;
    wn_status st = wn_outfile_commit(f);
    if (!f->is_stdout && f->fd >= 0 && close(f->fd) != 0 && st == WN_OK) st = WN_EIO;
    release(f);
    *self = NULL;
    return st;
}

void wn_outfile_destroy(wn_outfile_t **self) {
    if (!self || !*self) return;
    wn_outfile_t *f = *self;
    if (!f->is_stdout && f->fd >= 0) {
        if (f->written != f->committed) (void)!ftruncate(f->fd, (off_t)f->committed);
        close(f->fd);
    }
    release(f);
    *self = NULL;
}
