// Listings for the command line: one Table rendered as an aligned text
// table (wide CJK characters take two columns), CSV (RFC 4180) or JSON (an
// array of objects keyed by column name; numeric columns as numbers, empty
// cells as null). A thin adapter over codebook/report.h, the project's one
// table renderer: numeric cells become integers or reals there (a real shows
// at most three decimals in the text table; CSV and JSON keep it whole).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace margin::cli {

enum class Format { Table, Csv, Json };
std::optional<Format> parseFormat(std::string_view name);

struct Table {
    std::vector<std::string> columns;
    std::vector<bool> numeric;  // per column; missing entries mean text
    std::vector<std::vector<std::string>> rows;
};

std::string render(const Table& table, Format format);

}  // namespace margin::cli
