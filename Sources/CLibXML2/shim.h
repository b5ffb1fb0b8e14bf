// Debian's libxml2 headers enable ICU; its ICU headers clash with the ICU that
// Foundation ships. Winnow never needs libxml2's ICU support, so hide it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/encoding.h>
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

// Streams an HTML document through libxml2's HTML parser into the SAX callbacks of `sax` (copied into the
// parser context), with `user` as the callbacks' context argument. No libxml2 document tree is built: the
// handler has no startDocument/internalSubset callbacks, so ctxt->myDoc stays NULL (freed if ever set).
// Mirrors htmlReadMemory/htmlDoRead: options, explicit encoding (which also makes libxml2 ignore <meta charset>),
// URL. Returns 0 on success, -1 if no parser context could be created.
static inline int winnow_html_sax_parse(const char *buffer, int size, const char *url, const char *encoding,
                                        int options, const htmlSAXHandler *sax, void *user) {
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return -1;
    if (ctxt->sax == NULL || ctxt->input == NULL) { xmlFreeParserCtxt(ctxt); return -1; }
    memcpy(ctxt->sax, sax, sizeof(htmlSAXHandler));
    ctxt->userData = user;
    htmlCtxtUseOptions(ctxt, options);
    ctxt->html = 1;
    if (encoding != NULL) {
        xmlCharEncodingHandlerPtr hdlr = xmlFindCharEncodingHandler(encoding);
        if (hdlr != NULL) {
            xmlSwitchToEncoding(ctxt, hdlr);
            if (ctxt->input->encoding != NULL) xmlFree((xmlChar *) ctxt->input->encoding);
            ctxt->input->encoding = xmlStrdup((const xmlChar *) encoding);
        }
    }
    if (url != NULL && ctxt->input->filename == NULL)
        ctxt->input->filename = (char *) xmlStrdup((const xmlChar *) url);
    htmlParseDocument(ctxt);
    if (ctxt->myDoc != NULL) { xmlFreeDoc(ctxt->myDoc); ctxt->myDoc = NULL; }
    xmlFreeParserCtxt(ctxt);
    return 0;
}
