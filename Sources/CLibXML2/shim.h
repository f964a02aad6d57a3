// libxml2's streaming reader (xmlTextReader), for KML of any size (Debian's libxml2-dev).
// Debian builds libxml2 with ICU; its headers would then pull in ICU's, which clash with the copy
// inside Swift's Foundation. EventMap never touches the encoding handlers that use ICU types, so
// the ICU part of the headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
