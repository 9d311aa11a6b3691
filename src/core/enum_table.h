// An enum's names as one table of rows, in value order: the stable name used in links and on the
// command line, and the display label (a Russian key the view passes through Tr(), or a proper
// name). Replaces per-enum switch statements for name, label and parsing.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace mlviz {

struct EnumRow {
    std::string_view Name;
    std::string_view Label;
};

// rows[v].Name, or "" for a value outside the table.
template <typename E, std::size_t N>
std::string_view EnumRowName(const EnumRow (&rows)[N], E v)
{
    const auto i = static_cast<std::size_t>(v);
    return i < N ? rows[i].Name : std::string_view();
}

template <typename E, std::size_t N>
std::string_view EnumRowLabel(const EnumRow (&rows)[N], E v)
{
    const auto i = static_cast<std::size_t>(v);
    return i < N ? rows[i].Label : std::string_view();
}

template <typename E, std::size_t N>
std::optional<E> EnumRowFromName(const EnumRow (&rows)[N], std::string_view name)
{
    for (std::size_t i = 0; i < N; ++i)
        if (rows[i].Name == name) return static_cast<E>(i);
    return std::nullopt;
}

} // namespace mlviz
