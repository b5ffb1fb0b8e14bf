// Debian's libxml2 headers enable ICU; its ICU headers clash with the ICU that
// Foundation ships. Winnow never needs libxml2's ICU support, so hide it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

// libxml2 prints parse errors to stderr by default; a news crawl is full of them.
static inline void winnow_xml_silence(void) {
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlSetStructuredErrorFunc(NULL, NULL);
}
static inline void winnow_xml_ignore_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void winnow_xml_install_silent_handler(void) {
    xmlSetGenericErrorFunc(NULL, winnow_xml_ignore_error);
    xmlSetStructuredErrorFunc(NULL, NULL);
}
