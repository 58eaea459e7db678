/* tuning.c -- the numbers of the rules, one instance per bias
 * (wn_options_t.bias: -1 precision, 0 balanced, +1 recall).
 *
 * The balanced instance holds the values every rule was tuned with on the
 * dev set (docs/extraction.md gives the page that motivated each). The
 * precision instance prunes link-dense blocks sooner; the recall instance
 * prunes them later and keeps the article's captions, labels and edges.
 * A page-type profile (profile.c) may bring its own three instances.
 */
#include "extract/page.h"

#define BALANCED                                                                                               \
    .chrome_share = 0.5, .header_share = 0.3, .hidden_share = 0.3, .boiler_share = 0.3,                        \
    .header_class_share = 0.2, .header_link_density = 0.3, .header_lead_para = 60, .header_lead_text = 150,    \
    .input_box_chars = 300, .prose_paras = 2, .prose_chars = 400, .prose_link_density = 0.25,                  \
    .long_paras = 3, .long_chars = 800, .long_avg = 300, .form_link_density = 0.05, .form_avg = 100,           \
    .small_content = 200, .media_share = 0.3, .media_outside = 1500, .teaser_link_density = 0.1,               \
    .header_class_links = 0.4, .header_class_chars = 15, .forum_post_chars = 40,                               \
    .block_chars = 25, .semantic_links = 0.5, .semantic_wrapper_links = 0.35, .sibling_share = 0.2,            \
    .sibling_min = 10, .sibling_links = 0.3, .sibling_para_chars = 80, .sibling_para_links = 0.25,             \
    .sandwich_chars = 200, .sandwich_links = 0.2, .table_up_links = 0.35, .nested_links = 0.2,                 \
    .good_chars = 70, .good_stop_density = 0.25, .good_page_min = 400, .climb_trigger = 0.6,                  \
    .climb_cover = 0.8, .climb_links = 0.35, .climb_links_named = 0.1, .fallback_trigger = 0.5,               \
    .fallback_cover = 0.95, .named_body_chars = 1500, .no_text_chars = 50, .tiny_page_chars = 400,            \
    .lead_span = 1000, .lead_chars = 80, .named_lead_max = 1500, .standfirst_chars = 60,                      \
    .link_list_para = 200, .link_line_chars = 200,                                                            \
    .text_block_chars = 400, .edge_article_chars = 500, .items_prose = 300, .menu_chars = 200, .menu_links = 4, .menu_link_chars = 20,                 \
    .sections_chosen = 8, .sections_article = 1000, .product_article = 800,               \
    .docs_spread = 1.5, .docs_links = 0.35, \
    .items_share = 0.5, .sections_links = 0.95, .repeats_chars = 20, .sections_hidden = 100, .sections_hidden_links = 0.3, .product_hidden = 100, .product_hidden_links = 0.3, \
    .product_cards = 3, .product_card_chars = 1200, .product_card_links = 0.5, \
    .product_cards_share = 0.5, .product_ld_chars = 100

#define OFF_BIT(id) ((uint64_t)1 << ((id) & 63))
_Static_assert(WN_PASS_CAPTIONS < 64 && WN_PASS_ORPHAN_LABELS < 64 && WN_PASS_EDGES < 64,
               "the recall tuning's switches are in the first word");

/* (the link densities are set in each instance: designated initializers
 * may not set a field twice) */
const wn_tuning_t wn_tuning[3] = {
    {BALANCED, .name = "precision", .link_list_density = 0.45, .link_line_density = 0.35},
    {BALANCED, .name = "balanced", .link_list_density = 0.6, .link_line_density = 0.5},
    {BALANCED, .name = "recall", .link_list_density = 0.8, .link_line_density = 0.7,
     .off = {{OFF_BIT(WN_PASS_CAPTIONS) | OFF_BIT(WN_PASS_ORPHAN_LABELS) | OFF_BIT(WN_PASS_EDGES), 0}}},
};
