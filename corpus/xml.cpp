#include "corpus/xml.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <climits>
#include <cstring>
#include <mutex>

namespace margin::corpus {
namespace {

std::string_view view(const xmlChar* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// One parse: the handler, the element being reported, and the first error.
struct ParseState {
    xmlParserCtxtPtr ctxt = nullptr;
    XmlHandler* handler = nullptr;
    XmlLimits limits;
    int depth = 0;
    XmlElement element;
    std::string attributeBuffer;  // decoded attribute values, when needed
    bool failed = false;
    Status status;  // the handler's, or our own refusal
    int line = 0;
    int column = 0;        // of libxml2's first error, when it gives one
    std::string xmlError;  // libxml2's first error message

    int currentLine() const { return ctxt && ctxt->input ? ctxt->input->line : 0; }

    void stop(Status s) {
        if (failed)
            return;
        failed = true;
        status = std::move(s);
        line = currentLine();
        xmlStopParser(ctxt);
    }
    void check(Status s) {
        if (!s.isOk())
            stop(std::move(s));
    }
};

ParseState* state(void* ctx) {
    return static_cast<ParseState*>(ctx);
}

void onInternalSubset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    state(ctx)->stop(Status::invalidInput(
        "has a DOCTYPE declaration (entities and DTDs are refused; Office and OpenDocument "
        "files never have one)"));
}

void onEntityDecl(void* ctx, const xmlChar* name, int, const xmlChar*, const xmlChar*, xmlChar*) {
    state(ctx)->stop(Status::invalidInput("declares the entity '" + std::string(view(name)) +
                                          "' (entities are refused)"));
}

xmlParserInputPtr onResolveEntity(void* ctx, const xmlChar*, const xmlChar* systemId) {
    state(ctx)->stop(Status::invalidInput("refers to the external resource '" +
                                          std::string(view(systemId)) +
                                          "' (external entities are refused)"));
    return nullptr;
}

xmlEntityPtr onGetEntity(void*, const xmlChar*) {
    return nullptr;  // only the predefined entities (&amp; ...) exist
}

void onStartElement(void* ctx, const xmlChar* localName, const xmlChar*, const xmlChar* uri, int,
                    const xmlChar**, int attributeCount, int, const xmlChar** attributes) {
    ParseState& s = *state(ctx);
    if (s.failed)
        return;
    if (++s.depth > s.limits.maxDepth) {
        s.stop(Status::invalidInput("elements nested more than " +
                                    std::to_string(s.limits.maxDepth) +
                                    " deep: refused as hostile"));
        return;
    }
    XmlElement& e = s.element;
    e.name = view(localName);
    e.ns = view(uri);
    e.depth = s.depth;
    e.attributes.clear();
    // Attribute values are (start, end) pointers into the input. Without
    // entity substitution libxml2 writes '&' in a value as "&#38;"; decode
    // it (no other entity can occur: documents with a DTD are refused).
    std::size_t needed = 0;
    for (int i = 0; i < attributeCount; ++i)
        needed += static_cast<std::size_t>(attributes[i * 5 + 4] - attributes[i * 5 + 3]);
    s.attributeBuffer.clear();
    s.attributeBuffer.reserve(needed);  // no reallocation below: views stay valid
    for (int i = 0; i < attributeCount; ++i) {
        const xmlChar* const* a = attributes + i * 5;
        std::string_view value(reinterpret_cast<const char*>(a[3]),
                               static_cast<std::size_t>(a[4] - a[3]));
        if (value.find("&#38;") != std::string_view::npos) {
            std::size_t start = s.attributeBuffer.size();
            for (std::size_t k = 0; k < value.size();) {
                if (value.substr(k, 5) == "&#38;") {
                    s.attributeBuffer += '&';
                    k += 5;
                } else {
                    s.attributeBuffer += value[k++];
                }
            }
            value = std::string_view(s.attributeBuffer).substr(start);
        }
        e.attributes.push_back({view(a[0]), view(a[2]), value});
    }
    s.check(s.handler->startElement(e));
}

void onEndElement(void* ctx, const xmlChar* localName, const xmlChar*, const xmlChar* uri) {
    ParseState& s = *state(ctx);
    if (s.failed)
        return;
    XmlElement& e = s.element;
    e.name = view(localName);
    e.ns = view(uri);
    e.depth = s.depth--;
    e.attributes.clear();
    s.check(s.handler->endElement(e));
}

void onCharacters(void* ctx, const xmlChar* text, int length) {
    ParseState& s = *state(ctx);
    if (s.failed || length <= 0)
        return;
    s.check(s.handler->text(
        std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(length))));
}

template <typename Error>
void collectError(void* ctx, Error* error) {
    ParseState& s = *state(ctx);
    if (!error || error->level < XML_ERR_ERROR || !s.xmlError.empty())
        return;
    std::string message = error->message ? error->message : "unknown error";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    s.xmlError = message.empty() ? "unknown error" : message;
    if (!s.failed) {
        s.line = error->line;
        s.column = error->int2;
    }
}

// libxml2 reports some errors outside any parser context through per-thread
// handlers, which print to stderr by default. For the duration of one parse,
// this thread's handlers collect instead; the previous ones come back after.
class SilenceLibxml {
public:
    explicit SilenceLibxml(ParseState* state)
        : m_generic(xmlGenericError),
          m_genericContext(xmlGenericErrorContext),
          m_structured(xmlStructuredError),
          m_structuredContext(xmlStructuredErrorContext) {
        xmlSetGenericErrorFunc(nullptr, &SilenceLibxml::ignore);
        xmlSetStructuredErrorFunc(state, [](void* ctx, auto* error) { collectError(ctx, error); });
    }
    ~SilenceLibxml() {
        xmlSetGenericErrorFunc(m_genericContext, m_generic);
        xmlSetStructuredErrorFunc(m_structuredContext, m_structured);
    }
    SilenceLibxml(const SilenceLibxml&) = delete;
    SilenceLibxml& operator=(const SilenceLibxml&) = delete;

private:
    static void ignore(void*, const char*, ...) {}

    xmlGenericErrorFunc m_generic;
    void* m_genericContext;
    xmlStructuredErrorFunc m_structured;
    void* m_structuredContext;
};

}  // namespace

std::optional<std::string_view> XmlElement::attribute(std::string_view localName,
                                                      std::string_view nsUri) const {
    for (const XmlAttribute& a : attributes)
        if (a.name == localName && a.ns == nsUri)
            return a.value;
    return std::nullopt;
}

Status parseXml(std::string_view bytes, const std::string& file, const std::string& part,
                XmlHandler& handler, const XmlLimits& limits) {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
    const std::string where = file + ": " + part;
    if (bytes.empty())
        return Status::invalidInput(where + ": is empty");
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        return Status::invalidInput(where + ": too large to parse");

    ParseState s;
    s.handler = &handler;
    s.limits = limits;
    SilenceLibxml silence(&s);

    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size()));
    if (!ctxt)
        return Status::invalidInput(where + ": cannot parse (empty or out of memory)");
    s.ctxt = ctxt;

    // Only our callbacks: every other one (document building, DTD loading,
    // entity lookup) stays off.
    xmlSAXHandler* sax = ctxt->sax;
    std::memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = onStartElement;
    sax->endElementNs = onEndElement;
    sax->characters = onCharacters;
    sax->ignorableWhitespace = onCharacters;
    sax->cdataBlock = onCharacters;
    sax->internalSubset = onInternalSubset;
    sax->externalSubset = onInternalSubset;
    sax->entityDecl = onEntityDecl;
    sax->resolveEntity = onResolveEntity;
    sax->getEntity = onGetEntity;
    sax->getParameterEntity = onGetEntity;
    sax->serror = [](void* ctx, auto* error) { collectError(ctx, error); };
    ctxt->userData = &s;
    // Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or
    // XML_PARSE_HUGE.
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING);

    xmlParseDocument(ctxt);
    const bool wellFormed = ctxt->wellFormed != 0;
    xmlFreeParserCtxt(ctxt);
    s.ctxt = nullptr;

    auto at = [&](int line) { return where + (line > 0 ? ": line " + std::to_string(line) : ""); };
    if (s.failed)
        return s.status.code() == Status::Code::InvalidInput
                   ? Status::invalidInput(at(s.line) + ": " + s.status.message())
                   : s.status.withContext(at(s.line));
    if (!s.xmlError.empty())
        return Status::invalidInput(at(s.line) +
                                    (limits.errorColumn && s.line > 0 && s.column > 0
                                         ? ", column " + std::to_string(s.column)
                                         : "") +
                                    ": XML error: " + s.xmlError);
    if (!wellFormed)
        return Status::invalidInput(where + ": XML error: not well-formed");
    return Status::ok();
}

}  // namespace margin::corpus
