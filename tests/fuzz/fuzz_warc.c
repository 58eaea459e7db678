/* fuzz_warc.c -- libFuzzer target for the WARC reader (warc.h).
 *
 * wn_warc_open() takes a path, so the input is written to an anonymous
 * memory file (memfd_create) and opened as /proc/self/fd/N: no disk I/O,
 * nothing left behind. Small limits (picked from a hash of the input) make
 * the record, header-count and line caps reachable. Checked: the reader
 * ends (at most one record per input byte, plus one), record numbers count
 * up from 1, offsets never go backwards, a damaged record has a reason, an
 * intact one has its block, and wn_warc_tell() stays within wn_warc_size().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "winnow/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = memfd_create("fuzz_warc", 0);
    if (fd < 0) return 0;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) {
            close(fd);
            return 0;
        }
        off += (size_t)w;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    wn_warc_limits_t lim;
    wn_warc_limits_init(&lim);
    uint32_t h = fuzz_hash(data, size);
    if (h & 1u) {
        lim.max_record = 64u + (h >> 1) % 4096u;
        lim.max_headers = 1u + (h >> 13) % 8u;
        lim.max_line = 16u + (h >> 16) % 256u;
    }
    wn_status st = WN_OK;
    wn_warc_t *w = wn_warc_open(path, &lim, &st);
    if (!w) {
        FUZZ_CHECK(st != WN_OK);
        close(fd);
        return 0;
    }
    FUZZ_CHECK(wn_warc_size(w) == size);
    wn_warc_record_t rec;
    size_t count = 0;
    uint64_t last_offset = 0;
    for (;;) {
        memset(&rec, 0, sizeof rec);
        if (!wn_warc_next(w, &rec)) break;
        count++;
        FUZZ_CHECK(count <= size + 1);
        FUZZ_CHECK(rec.index == count);
        FUZZ_CHECK(rec.offset >= last_offset);
        last_offset = rec.offset;
        FUZZ_CHECK(wn_warc_tell(w) <= wn_warc_size(w));
        if (rec.status == WN_OK) {
            FUZZ_CHECK(rec.block != NULL || rec.block_len == 0);
            FUZZ_CHECK(rec.block_len <= lim.max_record);
            /* Touch every byte: ASan flags a block that is not really there. */
            volatile unsigned char sum = 0;
            for (size_t i = 0; i < rec.block_len; i++) sum = (unsigned char)(sum + (unsigned char)rec.block[i]);
            (void)sum;
            if (rec.record_id) (void)strlen(rec.record_id);
            if (rec.target_uri) (void)strlen(rec.target_uri);
            if (rec.type_name) (void)strlen(rec.type_name);
            if (rec.content_type) (void)strlen(rec.content_type);
            if (rec.date) (void)strlen(rec.date);
        } else {
            FUZZ_CHECK(rec.reason != NULL && rec.reason[0] != '\0');
        }
    }
    wn_warc_close(&w);
    FUZZ_CHECK(w == NULL);
    close(fd);
    return 0;
}
