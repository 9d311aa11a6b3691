// Widgets bound to a topic's field table (core/state_codec.h): the slider's range, format and
// scale are the field's, the same numbers the URL codec clamps to and the CLI accepts, so no
// view writes a range of its own. Also Label(), the caption above a full-width widget.
#pragma once
#include <algorithm>
#include <span>
#include <string>
#include <string_view>

#include "core/state_codec.h"
#include "imgui.h"
#include "ui/tr.h"

namespace mlviz {

// A caption above a full-width widget: the controls column is narrow and Russian labels long,
// so the caption wraps rather than being cut, and the next widget takes the whole width.
void Label(const char* text);

// A checkbox whose label wraps inside the column instead of running past its edge.
bool WrappedCheckbox(const char* label, const char* id, bool& v);

namespace detail {
// The slider of one numeric field, on a double copy of its value; clamps what the slider (or
// Ctrl+click typed text: "nan", "1e9") gives to [lo, hi], non-finite to `fallback`.
bool NumberSlider(const char* label, const char* id, double& v, double lo, double hi, bool integer, const FieldUi& ui,
                  double fallback);
} // namespace detail

// The slider of the field `key` of `schema` on `s`, labelled with Tr(field's label), or with
// `label` when given ("" for none); `format` replaces the field's (e.g. a unit that depends on
// the mode: "%.0f steps/s"). Returns true when the value changed.
template <typename S>
bool FieldSlider(const StateSchema<S>& schema, std::string_view key, S& s, const char* label = nullptr,
                 const char* format = nullptr)
{
    const auto* f = schema.Find(key);
    IM_ASSERT(f && (f->Kind == FieldKind::Int || f->Kind == FieldKind::Real));
    if (!f) return false;
    static const S defaults{};
    double v = f->GetNumber(s);
    const std::string id = "##" + f->Key;
    const char* text = label ? label : (f->Ui.Label ? Tr(f->Ui.Label) : nullptr);
    FieldUi ui = f->Ui;
    if (format) ui.Format = format;
    const bool changed =
        detail::NumberSlider(text, id.c_str(), v, f->Lo, f->Hi, f->Kind == FieldKind::Int, ui, f->GetNumber(defaults));
    if (v != f->GetNumber(s)) f->SetNumber(s, v);
    return changed;
}

// FieldSlider over a part [lo, hi] of the field's range that other fields decide (the batch a
// network's memory allows, the start point's area): a derived bound, intersected with the
// field's own range, never a second copy of it.
template <typename S>
bool FieldSliderWithin(const StateSchema<S>& schema, std::string_view key, S& s, double lo, double hi,
                       const char* label = nullptr, const char* format = nullptr)
{
    const auto* f = schema.Find(key);
    IM_ASSERT(f && (f->Kind == FieldKind::Int || f->Kind == FieldKind::Real));
    if (!f) return false;
    static const S defaults{};
    lo = std::max(lo, f->Lo);
    hi = std::max(lo, std::min(hi, f->Hi));
    double v = f->GetNumber(s);
    const std::string id = "##" + f->Key;
    const char* text = label ? label : (f->Ui.Label ? Tr(f->Ui.Label) : nullptr);
    FieldUi ui = f->Ui;
    if (format) ui.Format = format;
    const double fallback = std::min(std::max(f->GetNumber(defaults), lo), hi);
    const bool changed = detail::NumberSlider(text, id.c_str(), v, lo, hi, f->Kind == FieldKind::Int, ui, fallback);
    if (v != f->GetNumber(s)) f->SetNumber(s, v);
    return changed;
}

// A number entry (+/- buttons) for an Int field whose range is too wide for a slider (seeds).
template <typename S>
bool FieldInputInt(const StateSchema<S>& schema, std::string_view key, S& s, const char* label = nullptr)
{
    const auto* f = schema.Find(key);
    IM_ASSERT(f && f->Kind == FieldKind::Int);
    if (!f) return false;
    if (const char* text = label ? label : (f->Ui.Label ? Tr(f->Ui.Label) : nullptr))
        Label(text);
    else
        ImGui::SetNextItemWidth(-1.0f);
    int v = static_cast<int>(f->GetNumber(s));
    const std::string id = "##" + f->Key;
    const bool changed = ImGui::InputInt(id.c_str(), &v);
    const double c = v < f->Lo ? f->Lo : (v > f->Hi ? f->Hi : static_cast<double>(v));
    if (changed) f->SetNumber(s, c);
    return changed;
}

// A checkbox for a Bool field.
template <typename S>
bool FieldCheckbox(const StateSchema<S>& schema, std::string_view key, S& s, const char* label = nullptr)
{
    const auto* f = schema.Find(key);
    IM_ASSERT(f && f->Kind == FieldKind::Bool);
    if (!f) return false;
    bool v = f->GetNumber(s) != 0.0;
    const std::string id = "##" + f->Key;
    const bool changed = WrappedCheckbox(label ? label : Tr(f->Ui.Label ? f->Ui.Label : ""), id.c_str(), v);
    if (changed) f->SetNumber(s, v ? 1.0 : 0.0);
    return changed;
}

// A combo box for an Enum field, showing `labels` (one per value, already translated).
template <typename S>
bool FieldCombo(const StateSchema<S>& schema, std::string_view key, S& s, std::span<const char* const> labels,
                const char* label = nullptr)
{
    const auto* f = schema.Find(key);
    IM_ASSERT(f && f->Kind == FieldKind::Enum && labels.size() == f->Names.size());
    if (!f) return false;
    if (const char* text = label ? label : (f->Ui.Label ? Tr(f->Ui.Label) : nullptr))
        Label(text);
    else
        ImGui::SetNextItemWidth(-1.0f);
    int v = static_cast<int>(f->GetNumber(s));
    const int count = static_cast<int>(labels.size());
    const std::string id = "##" + f->Key;
    const bool changed = ImGui::Combo(id.c_str(), &v, labels.data(), count);
    v = v < 0 ? 0 : (v >= count ? count - 1 : v);
    if (changed) f->SetNumber(s, v);
    return changed;
}

} // namespace mlviz
