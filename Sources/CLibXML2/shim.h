// libxml2's streaming reader (xmlTextReader), for KML of any size (Debian's libxml2-dev).
// Debian builds libxml2 with ICU; its headers would then pull in ICU's, which clash with the copy
// inside Swift's Foundation. EventMap never touches the encoding handlers that use ICU types, so
// the ICU part of the headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

// libxml2 prints some errors (encoding conversion, I/O) through its generic error function, on
// stderr, besides handing them to the reader's structured handler. EventMap words every error
// itself, so the generic function is set to one that says nothing (for the calling thread).
static void eventmap_xml_silent(void *context, const char *message, ...) { (void)context; (void)message; }
static inline void eventmap_xml_quiet(void) { xmlSetGenericErrorFunc(NULL, eventmap_xml_silent); }
