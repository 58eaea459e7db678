/* wetw.c -- WET records (winnow/wetw.h): warcinfo, conversion and metadata
 * records of WARC/1.0 as Common Crawl writes its text extracts. Formats
 * into a buffer; SHA-1 (block digests, derived record ids) from libcrypto
 * through wn_warcw_sha1_base32 and EVP. */
#include "winnow/wetw.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "winnow/warcw.h"

/* Appends a header line "Name: value\r\n", control characters in the value
 * made spaces (a header value never breaks the record). NULL value: none. */
static wn_status field(wn_buf_t *o, const char *name, const char *v) {
    if (!v) return WN_OK;
    wn_status st = wn_buf_printf(o, "%s: ", name);
    for (const unsigned char *p = (const unsigned char *)v; st == WN_OK && *p; p++)
        st = wn_buf_addc(o, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
    if (st == WN_OK) st = wn_buf_add(o, "\r\n", 2);
    return st;
}

/* `when` as a WARC-Date ("2025-06-05T04:00:00Z") into out[21]. */
static void warc_date(time_t when, char out[32]) {
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A date a WARC reader takes: "YYYY-MM-DDThh:mm:ss" and more, or NULL. */
static const char *usable_date(const char *d) {
    if (!d || strlen(d) < 19 || d[4] != '-' || d[7] != '-' || d[10] != 'T' || d[13] != ':') return NULL;
    return d;
}

wn_status wn_wet_record_id(const char *id, char out[48]) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    /* a name-based UUID: SHA-1 of a namespace string and the page id */
    int ok = c && EVP_DigestInit_ex(c, EVP_sha1(), NULL) == 1 &&
             EVP_DigestUpdate(c, "winnow-wet-conversion:", 22) == 1 && EVP_DigestUpdate(c, id, strlen(id)) == 1 &&
             EVP_DigestFinal_ex(c, md, &mdlen) == 1 && mdlen >= 16;
    EVP_MD_CTX_free(c);
    if (!ok) return WN_ENOMEM;
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 */
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    memcpy(p, "<urn:uuid:", 10);
    p += 10;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
        *p++ = hex[md[i] >> 4];
        *p++ = hex[md[i] & 15];
    }
    *p++ = '>';
    *p = '\0';
    return WN_OK;
}

/* "urn:winnow:" + id, every byte outside unreserved URI characters
 * percent-encoded. */
static wn_status urn_for(wn_buf_t *o, const char *id) {
    wn_status st = wn_buf_adds(o, "urn:winnow:");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)id; st == WN_OK && *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/:", c))
            st = wn_buf_addc(o, (char)c);
        else
            st = wn_buf_printf(o, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
    return st;
}

/* Appends one record: the WARC/1.0 line, the given header lines (hdr,
 * already formatted), the digest and length of the block, an empty line,
 * the block and the two CRLFs that end a record. */
static wn_status record(wn_buf_t *out, const wn_buf_t *hdr, const char *block, size_t n) {
    char digest[38];
    wn_warcw_part_t part = {block, n};
    wn_status st = wn_warcw_sha1_base32(&part, 1, digest);
    if (st == WN_OK) st = wn_buf_adds(out, "WARC/1.0\r\n");
    if (st == WN_OK) st = wn_buf_add(out, hdr->data ? hdr->data : "", hdr->len);
    if (st == WN_OK) st = wn_buf_printf(out, "WARC-Block-Digest: %s\r\nContent-Length: %zu\r\n\r\n", digest, n);
    if (st == WN_OK) st = wn_buf_add(out, block, n);
    if (st == WN_OK) st = wn_buf_add(out, "\r\n\r\n", 4);
    return st;
}

wn_status wn_wet_warcinfo(wn_buf_t *out, const char *software, const char *filename, time_t now) {
    char id[WN_WARC_ID_SIZE], date[32];
    wn_status st = wn_warcw_new_id(id);
    if (st != WN_OK) return st;
    warc_date(now, date);
    wn_buf_t h, b;
    wn_buf_init(&h, 64 * 1024);
    wn_buf_init(&b, 64 * 1024);
    st = field(&h, "WARC-Type", "warcinfo");
    if (st == WN_OK) st = field(&h, "WARC-Date", date);
    if (st == WN_OK) st = field(&h, "WARC-Filename", filename);
    if (st == WN_OK) st = field(&h, "WARC-Record-ID", id);
    if (st == WN_OK) st = field(&h, "Content-Type", "application/warc-fields");
    if (st == WN_OK) st = field(&b, "software", software);
    if (st == WN_OK) st = field(&b, "format", "WARC file version 1.0");
    if (st == WN_OK)
        st = field(&b, "description", "text extracted by winnow: one conversion record per page (docs/record.md)");
    if (st == WN_OK) st = record(out, &h, b.data ? b.data : "", b.len);
    wn_buf_free(&h);
    wn_buf_free(&b);
    return st;
}

/* The header lines shared by conversion and metadata records. */
static wn_status common(wn_buf_t *h, const char *type, const char *id, const char *target_uri, const char *date,
                        const char *refers_to, time_t now) {
    char rid[48], when[32];
    wn_status st = wn_wet_record_id(id, rid);
    if (st != WN_OK) return st;
    warc_date(now, when);
    st = field(h, "WARC-Type", type);
    if (st == WN_OK && target_uri && *target_uri) st = field(h, "WARC-Target-URI", target_uri);
    if (st == WN_OK && !(target_uri && *target_uri)) {
        wn_buf_t u;
        wn_buf_init(&u, 64 * 1024);
        st = urn_for(&u, id);
        if (st == WN_OK) st = field(h, "WARC-Target-URI", u.data);
        wn_buf_free(&u);
    }
    if (st == WN_OK) st = field(h, "WARC-Date", usable_date(date) ? date : when);
    if (st == WN_OK) st = field(h, "WARC-Record-ID", rid);
    if (st == WN_OK) st = field(h, "WARC-Refers-To", refers_to && *refers_to ? refers_to : NULL);
    return st;
}

wn_status wn_wet_conversion(wn_buf_t *out, const wn_wet_page_t *p, time_t now) {
    if (!p || !p->id || !*p->id) return WN_EINVAL;
    wn_buf_t h;
    wn_buf_init(&h, 256 * 1024);
    wn_status st = common(&h, "conversion", p->id, p->target_uri, p->date, p->refers_to, now);
    if (st == WN_OK && p->lang3 && *p->lang3) st = field(&h, "WARC-Identified-Content-Language", p->lang3);
    if (st == WN_OK) st = field(&h, "Content-Type", p->content_type ? p->content_type : "text/plain");
    if (st == WN_OK) st = field(&h, "Winnow-Id", p->id);
    if (st == WN_OK) st = record(out, &h, p->text ? p->text : "", p->text ? p->text_len : 0);
    wn_buf_free(&h);
    return st;
}

wn_status wn_wet_metadata(wn_buf_t *out, const char *id, const char *target_uri, const char *refers_to,
                          const char *json, size_t json_len, time_t now) {
    if (!id || !*id) return WN_EINVAL;
    wn_buf_t h;
    wn_buf_init(&h, 256 * 1024);
    wn_status st = common(&h, "metadata", id, target_uri, NULL, refers_to, now);
    if (st == WN_OK) st = field(&h, "Content-Type", "application/json");
    if (st == WN_OK) st = field(&h, "Winnow-Id", id);
    if (st == WN_OK) st = record(out, &h, json ? json : "", json ? json_len : 0);
    wn_buf_free(&h);
    return st;
}

size_t wn_wet_split(const char *buf, size_t n) {
    if (n < 5) return 0;
    if (memcmp(buf, "WARC/", 5) != 0) {
        /* not a record start: up to the next one, or nothing yet */
        for (size_t i = 1; i + 6 <= n; i++)
            if (buf[i - 1] == '\n' && !memcmp(buf + i, "WARC/", 5)) return i;
        return 0;
    }
    const char *end = memmem(buf, n, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - buf) + 4;
    unsigned long long len = 0;
    int have = 0;
    for (const char *p = buf; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if ((size_t)(le - p) > 15 && !strncasecmp(p, "Content-Length:", 15)) {
            const char *q = p + 15;
            while (q < le && (*q == ' ' || *q == '\t')) q++;
            len = 0;
            have = q < le && *q >= '0' && *q <= '9';
            while (q < le && *q >= '0' && *q <= '9' && len < (1ull << 50)) len = len * 10 + (unsigned long long)(*q++ - '0');
        }
        p = nl ? nl + 1 : end;
    }
    if (!have) return head; /* no length: the header alone (recovery moves on) */
    if (len > n - head || n - head - len < 4) return 0;
    return head + (size_t)len + 4;
}
