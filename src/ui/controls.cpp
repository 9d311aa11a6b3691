#include "ui/controls.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

void Label(const char* text)
{
    ImGui::PushTextWrapPos(0.0f); // wrap, never cut, a long label (or its translation)
    ImGui::TextDisabled("%s", text);
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(-1.0f);
}

bool WrappedCheckbox(const char* label, const char* id, bool& v)
{
    const bool changed = ImGui::Checkbox(id, &v);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::PopTextWrapPos();
    return changed;
}

namespace detail {

bool NumberSlider(const char* label, const char* id, double& v, double lo, double hi, bool integer, const FieldUi& ui,
                  double fallback)
{
    if (label && *label)
        Label(label);
    else
        ImGui::SetNextItemWidth(-1.0f);
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (ui.Log) flags |= ImGuiSliderFlags_Logarithmic;
    bool changed = false;
    if (integer) {
        // Integer fields are ints (their ranges fit: the field table's Int ranges are within 2^31).
        const double safe = std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
        int i = static_cast<int>(std::lround(safe));
        const int ilo = static_cast<int>(std::lround(std::max(lo, -2147483648.0)));
        const int ihi = static_cast<int>(std::lround(std::min(hi, 2147483647.0)));
        changed = ImGui::SliderScalar(id, ImGuiDataType_S32, &i, &ilo, &ihi, ui.Format ? ui.Format : "%d", flags);
        v = static_cast<double>(i);
    } else {
        changed = ImGui::SliderScalar(id, ImGuiDataType_Double, &v, &lo, &hi, ui.Format ? ui.Format : "%.3g", flags);
    }
    if (!std::isfinite(v)) v = fallback; // typed-in text can still be "nan"
    v = std::clamp(v, lo, hi);
    return changed;
}

} // namespace detail

} // namespace mlviz
