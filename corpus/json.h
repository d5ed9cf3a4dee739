// A small streaming JSON writer for listings and exports (RFC 8259 output,
// UTF-8 passed through, control characters escaped, two-space indentation).
// Misuse (a value where a key is due) is a programmer error, asserted.
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace margin::corpus {

std::string jsonQuote(std::string_view utf8);

class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    JsonWriter& null();
    template <typename T>
    JsonWriter& value(const std::optional<T>& v) {
        return v ? value(*v) : null();
    }
    // Writes pre-formatted JSON (a number as text, say) as one value.
    JsonWriter& raw(std::string_view json);

    // The document so far, ending in a newline when complete.
    std::string str() const;

private:
    void beforeValue();
    void newline();
    std::string m_out;
    std::vector<bool> m_first;  // per open container: nothing written yet
    bool m_afterKey = false;
};

}  // namespace margin::corpus
