// indexer: the search side of Margin (ICU tokenization, the Xapian passage
// index, the query language). It grows with the search issue; today it only
// reports the engine versions it is built against, for 'margin --version'.
#pragma once

#include <string>

namespace margin::indexer {

// "ICU 72.1, Xapian 1.4.22": the library versions linked in at run time.
std::string engineVersions();

}  // namespace margin::indexer
