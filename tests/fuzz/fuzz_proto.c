/* fuzz_proto.c -- libFuzzer target for wire-message decoding (proto.h).
 *
 * Input layout: a header frame, optionally followed by "\n--\n" and a second
 * frame (the text frame of a result). The header frame goes through every
 * decoder a worker or sink applies to bytes from a peer: task header, id
 * salvage, result line, ack array; the Content-Type check gets its first
 * line. Checked: messages and reasons are NUL-terminated within their
 * buffers, a decoded task re-encodes and decodes to the same id, a result
 * line is inside its cap, and acks have ids.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_ack(void *ud, const wn_ack_t *ack) {
    size_t *count = ud;
    FUZZ_CHECK(ack->id != NULL);
    (void)strlen(ack->id);
    FUZZ_CHECK(ack->ok == 0 || ack->ok == 1);
    (*count)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *p = (const char *)data;
    size_t hlen = size;
    const char *text = "";
    size_t tlen = 0;
    const char *sep = memmem(p, size, "\n--\n", 4);
    if (sep) {
        hlen = (size_t)(sep - p);
        text = sep + 4;
        tlen = size - hlen - 4;
    }
    char err[256];

    /* task header */
    wn_task_msg_t *msg = NULL;
    memset(err, 'x', sizeof err);
    wn_status st = wn_proto_task_parse(p, hlen, &msg, err, sizeof err);
    if (st == WN_OK) {
        FUZZ_CHECK(msg != NULL);
        FUZZ_CHECK(msg->task.id != NULL && msg->task.id[0] != '\0');
        FUZZ_CHECK(strlen(msg->task.id) <= WN_PROTO_ID_MAX);
        size_t len = 0;
        char *again = wn_proto_task_header(&msg->task, msg->ack, msg->attempt, &len);
        FUZZ_CHECK(again != NULL);
        FUZZ_CHECK(strlen(again) == len);
        wn_task_msg_t *msg2 = NULL;
        FUZZ_CHECK(wn_proto_task_parse(again, len, &msg2, err, sizeof err) == WN_OK);
        FUZZ_CHECK(strcmp(msg2->task.id, msg->task.id) == 0);
        FUZZ_CHECK(msg2->attempt == msg->attempt);
        wn_task_msg_destroy(&msg2);
        free(again);
        wn_task_msg_destroy(&msg);
        FUZZ_CHECK(msg == NULL);
    } else {
        FUZZ_CHECK(msg == NULL);
        if (st == WN_EPROTO) FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
    }

    /* salvage */
    char id[64], url[64], ack[64];
    int found = wn_proto_salvage_ids(p, hlen, id, sizeof id, url, sizeof url, ack, sizeof ack);
    FUZZ_CHECK(memchr(id, '\0', sizeof id) && memchr(url, '\0', sizeof url) && memchr(ack, '\0', sizeof ack));
    FUZZ_CHECK(found == 0 || found == 1);

    /* result line */
    wn_result_line_t line;
    memset(&line, 0, sizeof line);
    size_t max_text = 1u << 16;
    st = wn_proto_result_line(p, hlen, text, tlen, max_text, &line, err, sizeof err);
    if (st == WN_OK) {
        FUZZ_CHECK(line.id != NULL && line.line != NULL);
        FUZZ_CHECK(strlen(line.line) == line.line_len);
        FUZZ_CHECK(fuzz_utf8_valid(line.line, line.line_len));
    }
    wn_result_line_free(&line);
    FUZZ_CHECK(line.id == NULL && line.line == NULL && line.ack == NULL);

    /* acks */
    size_t count = 0;
    wn_status ast = wn_proto_ack_parse(p, hlen, on_ack, &count);
    FUZZ_CHECK(ast == WN_OK || (ast == WN_EPROTO && count == 0));

    /* content type */
    char ct[128];
    size_t cl = hlen < sizeof ct - 1 ? hlen : sizeof ct - 1;
    memcpy(ct, p, cl);
    ct[cl] = '\0';
    int nh = wn_proto_not_html(ct);
    FUZZ_CHECK(nh == 0 || nh == 1);
    return 0;
}
