#include "codebook/color.h"

#include <array>
#include <cctype>

namespace margin::codebook {

Result<std::string> parseColor(std::string_view text) {
    std::string_view hex = text.starts_with("#") ? text.substr(1) : text;
    bool ok = (hex.size() == 3 || hex.size() == 6);
    for (char c : hex)
        ok = ok && std::isxdigit(static_cast<unsigned char>(c));
    if (!ok)
        return Status::invalidInput("'" + std::string(text) +
                                    "' is not a colour (use #RRGGBB, e.g. #E15759)");
    std::string out = "#";
    for (char c : hex) {
        char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out += upper;
        if (hex.size() == 3)
            out += upper;
    }
    return out;
}

std::string defaultColor(std::size_t n) {
    // Tableau 10 plus two: distinct under highlight transparency.
    static const std::array<const char*, 12> palette = {"#4E79A7", "#F28E2B", "#E15759", "#76B7B2",
                                                        "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
                                                        "#9C755F", "#BAB0AC", "#86BCB6", "#D37295"};
    return palette[n % palette.size()];
}

}  // namespace margin::codebook
