#include "indexer/versions.h"

#include <unicode/uversion.h>
#include <xapian.h>

namespace margin::indexer {

std::string engineVersions() {
    UVersionInfo icu;
    u_getVersion(icu);
    char icuText[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(icu, icuText);
    return std::string("ICU ") + icuText + ", Xapian " + Xapian::version_string();
}

}  // namespace margin::indexer
