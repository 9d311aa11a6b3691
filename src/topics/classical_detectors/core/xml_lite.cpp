#include "topics/classical_detectors/core/xml_lite.h"

#include <cstdint>

namespace mlviz {

const XmlNode* XmlNode::Child(std::string_view name) const
{
    for (const XmlNode& c : Children)
        if (c.Name == name) return &c;
    return nullptr;
}

const std::string* XmlNode::Attribute(std::string_view name) const
{
    for (const auto& a : Attributes)
        if (a.first == name) return &a.second;
    return nullptr;
}

namespace {

bool IsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool IsNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
        c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
public:
    explicit Parser(std::string_view s) : S_(s) {}

    Result<XmlNode> Document()
    {
        XmlNode root;
        bool have_root = false;
        while (true) {
            SkipSpace();
            if (P_ >= S_.size()) break;
            if (!StartsWith("<")) return Fail(Msg("XML: текст вне корневого элемента (байт %d)", Pos()));
            if (StartsWith("<?") || StartsWith("<!")) {
                if (!SkipMarkup()) return Fail(Msg("XML: незакрытая конструкция <? или <! (байт %d)", Pos()));
                continue;
            }
            if (have_root) return Fail(Msg("XML: второй корневой элемент (байт %d)", Pos()));
            if (!Element(root, 0)) return Fail(Error_);
            have_root = true;
        }
        if (!have_root) return Fail(Msg("XML: нет корневого элемента"));
        return root;
    }

private:
    std::string_view S_;
    std::size_t P_ = 0;
    std::size_t Nodes_ = 0;
    Message Error_;

    static Result<XmlNode> Fail(Message m) { return Result<XmlNode>::Fail(std::move(m)); }
    long long Pos() const { return static_cast<long long>(P_); }
    bool StartsWith(std::string_view t) const { return S_.substr(P_, t.size()) == t; }
    void SkipSpace()
    {
        while (P_ < S_.size() && IsSpace(S_[P_])) ++P_;
    }
    bool Error(Message m)
    {
        Error_ = std::move(m);
        return false;
    }

    // Comments, <?...?>, <!DOCTYPE ...>, <![CDATA[...]]> outside text are skipped.
    bool SkipMarkup()
    {
        std::string_view end = StartsWith("<!--") ? "-->" : StartsWith("<![CDATA[") ? "]]>" : StartsWith("<?") ? "?>" : ">";
        const std::size_t e = S_.find(end, P_ + 2);
        if (e == std::string_view::npos) return false;
        P_ = e + end.size();
        return true;
    }

    bool Name(std::string& out)
    {
        const std::size_t b = P_;
        while (P_ < S_.size() && IsNameChar(S_[P_])) ++P_;
        if (P_ == b) return Error(Msg("XML: ожидалось имя (байт %d)", Pos()));
        out.assign(S_.substr(b, P_ - b));
        return true;
    }

    static void AppendUtf8(std::string& out, std::uint32_t cp)
    {
        if (cp < 0x80)
            out += static_cast<char>(cp);
        else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Appends raw text [b, e) with entities decoded.
    bool AppendText(std::string& out, std::size_t b, std::size_t e)
    {
        for (std::size_t i = b; i < e; ++i) {
            if (S_[i] != '&') {
                out += S_[i];
                continue;
            }
            const std::size_t semi = S_.find(';', i);
            if (semi == std::string_view::npos || semi >= e || semi - i > 12)
                return Error(Msg("XML: незакрытая ссылка & (байт %d)", static_cast<long long>(i)));
            const std::string_view ent = S_.substr(i + 1, semi - i - 1);
            if (ent == "lt")
                out += '<';
            else if (ent == "gt")
                out += '>';
            else if (ent == "amp")
                out += '&';
            else if (ent == "quot")
                out += '"';
            else if (ent == "apos")
                out += '\'';
            else if (!ent.empty() && ent[0] == '#') {
                std::uint32_t cp = 0;
                const bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
                std::size_t k = hex ? 2 : 1;
                if (k >= ent.size()) return Error(Msg("XML: пустая числовая ссылка (байт %d)", static_cast<long long>(i)));
                for (; k < ent.size(); ++k) {
                    const char c = ent[k];
                    int d = -1;
                    if (c >= '0' && c <= '9')
                        d = c - '0';
                    else if (hex && c >= 'a' && c <= 'f')
                        d = c - 'a' + 10;
                    else if (hex && c >= 'A' && c <= 'F')
                        d = c - 'A' + 10;
                    if (d < 0) return Error(Msg("XML: неверная числовая ссылка (байт %d)", static_cast<long long>(i)));
                    cp = cp * (hex ? 16 : 10) + d;
                    if (cp > 0x10FFFF) return Error(Msg("XML: символ вне Юникода (байт %d)", static_cast<long long>(i)));
                }
                AppendUtf8(out, cp);
            } else
                return Error(Msg("XML: неизвестная ссылка &%s; (байт %d)", std::string(ent), static_cast<long long>(i)));
            i = semi;
        }
        return true;
    }

    bool Element(XmlNode& node, int depth)
    {
        if (depth >= kXmlMaxDepth) return Error(Msg("XML: вложенность больше %d", kXmlMaxDepth));
        if (++Nodes_ > kXmlMaxNodes) return Error(Msg("XML: больше %d элементов", static_cast<long long>(kXmlMaxNodes)));
        ++P_; // '<'
        if (!Name(node.Name)) return false;
        while (true) { // attributes
            SkipSpace();
            if (P_ >= S_.size()) return Error(Msg("XML: незакрытый тег <%s>", node.Name));
            if (StartsWith("/>")) {
                P_ += 2;
                return true;
            }
            if (S_[P_] == '>') {
                ++P_;
                break;
            }
            std::string key, value;
            if (!Name(key)) return false;
            SkipSpace();
            if (P_ >= S_.size() || S_[P_] != '=') return Error(Msg("XML: ожидалось = после атрибута %s", key));
            ++P_;
            SkipSpace();
            if (P_ >= S_.size() || (S_[P_] != '"' && S_[P_] != '\''))
                return Error(Msg("XML: значение атрибута %s без кавычек", key));
            const char q = S_[P_++];
            const std::size_t e = S_.find(q, P_);
            if (e == std::string_view::npos) return Error(Msg("XML: незакрытое значение атрибута %s", key));
            if (!AppendText(value, P_, e)) return false;
            P_ = e + 1;
            node.Attributes.emplace_back(std::move(key), std::move(value));
        }
        while (true) { // content
            const std::size_t lt = S_.find('<', P_);
            if (lt == std::string_view::npos) return Error(Msg("XML: элемент <%s> не закрыт", node.Name));
            if (!AppendText(node.Text, P_, lt)) return false;
            P_ = lt;
            if (StartsWith("</")) {
                P_ += 2;
                std::string close;
                if (!Name(close)) return false;
                SkipSpace();
                if (close != node.Name || P_ >= S_.size() || S_[P_] != '>')
                    return Error(Msg("XML: <%s> закрыт тегом </%s>", node.Name, close));
                ++P_;
                return true;
            }
            if (StartsWith("<![CDATA[")) {
                const std::size_t e = S_.find("]]>", P_);
                if (e == std::string_view::npos) return Error(Msg("XML: незакрытый CDATA"));
                node.Text.append(S_.substr(P_ + 9, e - P_ - 9));
                P_ = e + 3;
                continue;
            }
            if (StartsWith("<!") || StartsWith("<?")) {
                if (!SkipMarkup()) return Error(Msg("XML: незакрытая конструкция <? или <! (байт %d)", Pos()));
                continue;
            }
            node.Children.emplace_back();
            if (!Element(node.Children.back(), depth + 1)) return false;
        }
    }
};

} // namespace

Result<XmlNode> ParseXml(std::string_view text)
{
    if (text.size() > kXmlMaxBytes)
        return Result<XmlNode>::Fail(Msg("XML больше %d МБ", static_cast<long long>(kXmlMaxBytes >> 20)));
    return Parser(text).Document();
}

} // namespace mlviz
