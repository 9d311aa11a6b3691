// NMS view, the scene canvas: candidate boxes coloured by their fate at the current step
// (opacity by score), the current box, its IoU with each box compared so far, and the ground truth.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "topics/nms/core/detections_sim.h"
#include "ui/tr.h"
#include "topics/nms/core/nms_runs.h"
#include "topics/nms/core/nms_replay.h"
#include "imgui.h"
#include "ui/scene_canvas.h"
#include "ui/theme.h"

namespace mlviz {

std::string NmsBoxText(const SimulatedDetections& d, std::span<const std::string> class_labels, const NmsRun& run,
                       const NmsSnapshot& snap, int box); // nms_view_panels.cpp

// One colour per fate, shared by the canvas, the legend and the table.
// Bright colours on the dark canvas, deeper ones of the same hues on the light theme's canvas
// (figures for slides), so that thin box outlines keep their contrast in both.
ImU32 NmsStateColor(NmsBoxState s, bool decayed, float alpha)
{
    const bool light = CurrentTheme() == Theme::Light;
    ImVec4 c;
    switch (s) {
    case NmsBoxState::Current: c = light ? ImVec4(0.85f, 0.55f, 0.00f, 1.0f) : ImVec4(1.00f, 0.82f, 0.20f, 1.0f); break;
    case NmsBoxState::Kept: c = light ? ImVec4(0.08f, 0.60f, 0.24f, 1.0f) : ImVec4(0.30f, 0.88f, 0.45f, 1.0f); break;
    case NmsBoxState::Suppressed: c = light ? ImVec4(0.85f, 0.13f, 0.13f, 1.0f) : ImVec4(0.95f, 0.30f, 0.30f, 1.0f); break;
    case NmsBoxState::Dropped: c = light ? ImVec4(0.60f, 0.18f, 0.45f, 1.0f) : ImVec4(0.75f, 0.35f, 0.55f, 1.0f); break;
    default:
        if (decayed)
            c = light ? ImVec4(0.90f, 0.42f, 0.02f, 1.0f) : ImVec4(1.00f, 0.55f, 0.15f, 1.0f);
        else
            c = light ? ImVec4(0.30f, 0.40f, 0.62f, 1.0f) : ImVec4(0.62f, 0.70f, 0.85f, 1.0f);
        break;
    }
    c.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

ImU32 NmsComparedColor(float alpha)
{
    return ImGui::ColorConvertFloat4ToU32(CurrentTheme() == Theme::Light ? ImVec4(0.00f, 0.52f, 0.78f, alpha)
                                                                         : ImVec4(0.25f, 0.85f, 1.0f, alpha));
}

namespace {

void DashedRect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float dash, float thickness)
{
    const auto line = [&](ImVec2 p, ImVec2 q) {
        const float len = std::hypot(q.x - p.x, q.y - p.y);
        const int n = std::max(1, static_cast<int>(len / dash));
        for (int i = 0; i < n; i += 2) {
            const float t0 = static_cast<float>(i) / n, t1 = std::min(1.0f, static_cast<float>(i + 1) / n);
            dl->AddLine(ImVec2(p.x + (q.x - p.x) * t0, p.y + (q.y - p.y) * t0),
                        ImVec2(p.x + (q.x - p.x) * t1, p.y + (q.y - p.y) * t1), col, thickness);
        }
    };
    line(a, ImVec2(b.x, a.y));
    line(ImVec2(b.x, a.y), b);
    line(b, ImVec2(a.x, b.y));
    line(ImVec2(a.x, b.y), a);
}

// Small labels on dark plates, kept inside the canvas; a label that would cover one already
// placed moves below it once, else is left out (the most important labels are placed first).
class Tags {
public:
    Tags(ImDrawList* dl, ImVec2 clip_min, ImVec2 clip_max) : Dl(dl), Min(clip_min), Max(clip_max) {}

    void Add(ImVec2 at, const char* text, ImU32 col, bool always = false)
    {
        const ImVec2 ts = ImGui::CalcTextSize(text);
        const float pad = 2.0f, w = ts.x + 2.0f * pad, h = ts.y + 2.0f * pad;
        for (int attempt = 0; attempt < 2; ++attempt) {
            at.x = std::clamp(at.x, Min.x, std::max(Min.x, Max.x - w));
            at.y = std::clamp(at.y, Min.y, std::max(Min.y, Max.y - h));
            const ImVec4 r(at.x, at.y, at.x + w, at.y + h);
            bool free = true;
            for (const ImVec4& p : Placed) free = free && (r.z <= p.x || r.x >= p.z || r.w <= p.y || r.y >= p.w);
            if (free || always || attempt == 1) {
                if (!free && !always) return;
                Placed.push_back(r);
                const ImU32 bg = CurrentTheme() == Theme::Light ? IM_COL32(255, 255, 255, 225) : IM_COL32(15, 15, 20, 210);
                Dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.z, r.w), bg, 3.0f);
                Dl->AddText(ImVec2(at.x + pad, at.y + pad), col, text);
                return;
            }
            at.y += h;
        }
    }

private:
    ImDrawList* Dl;
    ImVec2 Min, Max;
    std::vector<ImVec4> Placed;
};

float Opacity(double score)
{
    return 0.3f + 0.7f * static_cast<float>(std::clamp(score, 0.0, 1.0));
}

} // namespace

// Returns the box clicked (or tapped) this frame, else -1.
int DrawNmsCanvas(const char* id, ImVec2 size, const DetectionScene& scene, std::span<const std::string> class_labels,
                  const SimulatedDetections& d, const NmsRun& run, const NmsSnapshot& snap, ImTextureID background, int selected,
                  bool show_gt, bool show_labels, bool show_compared)
{
    const SceneCanvas canvas = BeginSceneCanvas(id, std::max(1.0f, scene.Width), std::max(1.0f, scene.Height), size);
    const bool clicked = canvas.Clicked;
    const bool hovered = canvas.Hovered;
    const ImVec2 origin = canvas.Min, end = canvas.Max;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, end, true);

    const float scale = static_cast<float>(canvas.Scale);
    const auto to_screen = [&](float x, float y) { return canvas.ToScreen(x, y); };
    const ImVec2 scene_end = to_screen(scene.Width, scene.Height);
    const bool light = CurrentTheme() == Theme::Light;
    if (background) {
        dl->AddImage(background, origin, scene_end);
        dl->AddRectFilled(origin, scene_end, IM_COL32(0, 0, 0, 70)); // dim the photo so boxes read
    } else {
        dl->AddRectFilled(origin, scene_end, light ? IM_COL32(247, 248, 251, 255) : IM_COL32(20, 22, 28, 255));
        const ImU32 grid = light ? IM_COL32(0, 0, 0, 16) : IM_COL32(255, 255, 255, 14);
        for (float g = 80.0f; g < scene.Width; g += 80.0f) dl->AddLine(to_screen(g, 0), to_screen(g, scene.Height), grid);
        for (float g = 80.0f; g < scene.Height; g += 80.0f) dl->AddLine(to_screen(0, g), to_screen(scene.Width, g), grid);
    }
    // Ground truth: white dashes on the dark canvas and on photos, dark ones on the light canvas.
    const ImU32 gt = light && !background ? IM_COL32(35, 40, 50, 200) : IM_COL32(255, 255, 255, 190);
    if (show_gt) {
        for (const LabeledBox& g : scene.Objects)
            DashedRect(dl, to_screen(g.Bounds.X1, g.Bounds.Y1), to_screen(g.Bounds.X2, g.Bounds.Y2), gt, 5.0f, 1.5f);
    }

    const std::size_t n = std::min(d.Boxes.size(), snap.Boxes.size());
    const auto rect = [&](std::size_t i, ImU32 col, float thickness) {
        const Box& b = d.Boxes[i];
        dl->AddRect(to_screen(b.X1, b.Y1), to_screen(b.X2, b.Y2), col, 0.0f, 0, thickness);
    };
    // Painter's order: removed boxes underneath, decisions on top.
    const auto layer = [](const NmsBoxView& v) {
        switch (v.State) {
        case NmsBoxState::Suppressed:
        case NmsBoxState::Dropped: return 0;
        case NmsBoxState::Pending: return v.Decayed ? 2 : 1;
        case NmsBoxState::Kept: return 3;
        default: return 4;
        }
    };
    for (int l = 0; l <= 4; ++l) {
        for (std::size_t i = 0; i < n; ++i) {
            const NmsBoxView& v = snap.Boxes[i];
            if (layer(v) != l) continue;
            const bool removed = l == 0;
            const float alpha = removed ? 0.22f : Opacity(v.Score);
            const float thickness = l == 4 ? 3.0f : l == 3 ? 2.5f : removed ? 1.0f : 1.5f;
            rect(i, NmsStateColor(v.State, v.Decayed, alpha), thickness);
        }
    }

    // This round's comparisons: the current box, the last compared box with a link between them,
    // then IoU tags on the largest other overlaps.
    char buf[48];
    Tags tags(dl, origin, end);
    if (snap.Current >= 0 && static_cast<std::size_t>(snap.Current) < n) {
        const Box& cur = d.Boxes[static_cast<std::size_t>(snap.Current)];
        const bool diou = run.Options.Method == NmsMethod::DIoU;
        const float line_h = ImGui::GetFontSize() + 4.0f;
        if (show_compared && snap.Compared >= 0 && static_cast<std::size_t>(snap.Compared) < n) {
            const NmsBoxView& v = snap.Boxes[static_cast<std::size_t>(snap.Compared)];
            const Box& b = d.Boxes[static_cast<std::size_t>(snap.Compared)];
            dl->AddLine(to_screen(cur.CenterX(), cur.CenterY()), to_screen(b.CenterX(), b.CenterY()), NmsComparedColor(0.9f),
                        1.5f);
            rect(static_cast<std::size_t>(snap.Compared), NmsComparedColor(1.0f), 3.0f);
            std::snprintf(buf, sizeof buf, "%s %.2f", diou ? "DIoU" : "IoU", v.Overlap);
            tags.Add(to_screen(b.X1, b.Y2), buf, NmsComparedColor(1.0f), true);
        }
        rect(static_cast<std::size_t>(snap.Current), NmsStateColor(NmsBoxState::Current, false, 1.0f), 3.0f);
        std::snprintf(buf, sizeof buf, "%.2f", snap.Boxes[static_cast<std::size_t>(snap.Current)].Score);
        const ImVec2 top = to_screen(cur.X1, cur.Y1);
        tags.Add(ImVec2(top.x, top.y - line_h), buf, NmsStateColor(NmsBoxState::Current, false, 1.0f), true);
        if (show_labels) {
            std::vector<std::pair<double, int>> order;
            for (std::size_t i = 0; i < n; ++i)
                if (snap.Boxes[i].Compared && snap.Boxes[i].Overlap != 0.0 &&
                    (!show_compared || static_cast<int>(i) != snap.Compared))
                    order.push_back({-snap.Boxes[i].Overlap, static_cast<int>(i)});
            std::sort(order.begin(), order.end());
            for (std::size_t k = 0; k < std::min<std::size_t>(order.size(), 12); ++k) {
                const Box& b = d.Boxes[static_cast<std::size_t>(order[k].second)];
                std::snprintf(buf, sizeof buf, "%.2f", -order[k].first);
                tags.Add(to_screen(b.X1, b.Y2), buf, light ? IM_COL32(30, 35, 45, 255) : IM_COL32(220, 230, 245, 255));
            }
        }
    } else if (show_labels) {
        for (std::size_t k = 0; k < run.Result.Keep.size(); ++k) { // the result: kept boxes with final scores
            const std::size_t i = static_cast<std::size_t>(run.Result.Keep[k]);
            if (i >= n || snap.Boxes[i].State != NmsBoxState::Kept) continue;
            std::snprintf(buf, sizeof buf, "%.2f", snap.Boxes[i].Score);
            tags.Add(to_screen(d.Boxes[i].X1, d.Boxes[i].Y1), buf, NmsStateColor(NmsBoxState::Kept, false, 1.0f));
        }
    }
    if (selected >= 0 && static_cast<std::size_t>(selected) < n) {
        const Box& b = d.Boxes[static_cast<std::size_t>(selected)];
        const ImVec2 a = to_screen(b.X1, b.Y1), c = to_screen(b.X2, b.Y2);
        dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(c.x + 2, c.y + 2), IM_COL32(255, 255, 255, 255), 0.0f, 0, 1.0f);
        DashedRect(dl, ImVec2(a.x - 2, a.y - 2), ImVec2(c.x + 2, c.y + 2), IM_COL32(0, 0, 0, 255), 4.0f, 1.0f);
    }
    dl->AddRect(origin, scene_end, ImGui::GetColorU32(ImGuiCol_Border), 0.0f, 0, 1.0f);
    dl->PopClipRect();

    // Hit test: the smallest box under the pointer, preferring boxes still in play.
    if (!clicked && !hovered) return -1;
    const int best = HitTestBoxes(std::span<const Box>(d.Boxes.data(), n), canvas.MouseX, canvas.MouseY, [&](int i) {
        const NmsBoxState st = snap.Boxes[static_cast<std::size_t>(i)].State;
        const Box& b = d.Boxes[static_cast<std::size_t>(i)];
        return static_cast<double>(b.Width()) * b.Height() +
            (st == NmsBoxState::Suppressed || st == NmsBoxState::Dropped ? 1e9 : 0.0);
    });
    if (hovered && best >= 0) ImGui::SetTooltip("%s", NmsBoxText(d, class_labels, run, snap, best).c_str());
    return clicked ? best : -1;
}

void DrawNmsLegend(bool soft)
{
    struct Item {
        const char* Text;
        ImU32 Color;
    };
    const Item items[] = {
        {Tr("ждёт"), NmsStateColor(NmsBoxState::Pending, false, 1.0f)},
        {Tr("текущая"), NmsStateColor(NmsBoxState::Current, false, 1.0f)},
        {Tr("сравнивается"), NmsComparedColor(1.0f)},
        {Tr("оставлена"), NmsStateColor(NmsBoxState::Kept, false, 1.0f)},
        {Tr("подавлена"), NmsStateColor(NmsBoxState::Suppressed, false, 1.0f)},
        {Tr("понижена"), NmsStateColor(NmsBoxState::Pending, true, 1.0f)},
        {Tr("отброшена"), NmsStateColor(NmsBoxState::Dropped, false, 1.0f)},
    };
    const float sq = ImGui::GetFontSize() * 0.7f;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    bool first = true;
    const int shown = soft ? IM_ARRAYSIZE(items) : IM_ARRAYSIZE(items) - 2; // the last two happen only in Soft-NMS
    for (int k = 0; k < shown; ++k) {
        const Item& it = items[k];
        const float w = sq + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(it.Text).x;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine(); // wrap in a narrow panel
        }
        first = false;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float y = p.y + (ImGui::GetTextLineHeight() - sq) * 0.5f;
        ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x, y), ImVec2(p.x + sq, y + sq), it.Color, 0.0f, 0, 2.0f);
        ImGui::Dummy(ImVec2(sq, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::TextUnformatted(it.Text);
    }
    ImGui::TextDisabled("%s", Tr("пунктир — разметка (GT); яркость — score"));
}

} // namespace mlviz
