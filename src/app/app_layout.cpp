// Layout of the app shell: top bar, question list, visualization, answer; embed and figure modes.
#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "core/topics.h"
#include "ui/tr.h"
#include "imgui.h"
#include "imgui_internal.h" // RenderTextEllipsis
#include "imgui_stdlib.h"
#include "ui/markdown.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

constexpr ImGuiWindowFlags kRootFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar;

void BeginRoot(const char* name)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin(name, nullptr, kRootFlags);
}

} // namespace

void App::HandleGlobalKeys(ViewContext& ctx)
{
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return; // keys belong to the focused text field
    ctx.Keys.StepBack = ImGui::IsKeyPressed(ImGuiKey_LeftArrow);
    ctx.Keys.StepForward = ImGui::IsKeyPressed(ImGuiKey_RightArrow);
    ctx.Keys.TogglePlay = ImGui::IsKeyPressed(ImGuiKey_Space, false);
    if (ImGui::IsKeyPressed(ImGuiKey_Slash, false) && !ModeData.Embed) FocusSearch = true;
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        Search.clear();
        NoticeLines.clear();
    }
}

void App::DrawTopBar()
{
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AccentColor()), "mlviz");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", Tr("вопросы по ML и CV с живыми визуализациями"));
    const float font = ImGui::GetFontSize();
    const float right_w = font * 14.0f + ImGui::CalcTextSize(Tr("Поделиться")).x + ImGui::CalcTextSize(Tr("Светлая")).x +
        ImGui::CalcTextSize("EN").x + font * 6.5f;
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
    bool english = CurrentLanguage() == Language::En;
    if (ImGui::Checkbox("EN", &english)) SetLanguage(english ? Language::En : Language::Ru);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("Английский интерфейс"));
    ImGui::SameLine();
    bool light = ModeData.Colors == Theme::Light;
    if (ImGui::Checkbox(Tr("Светлая"), &light)) {
        ModeData.Colors = light ? Theme::Light : Theme::Dark;
        ApplyStyle();
    }
    ImGui::SameLine();
    if (ImGui::Button(Tr("Поделиться"))) ImGui::OpenPopup("share");
    DrawSharePopup();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 14.0f);
    const TopicInfo* current = FindTopic(Topic);
    if (ImGui::BeginCombo("##topics", current ? TopicTitle(*current, CurrentLanguage()) : Tr("Визуализации…"))) {
        for (const TopicInfo& t : Topics())
            if (ImGui::Selectable(TopicTitle(t, CurrentLanguage()), t.Id == Topic)) SelectTopic(t.Id);
        ImGui::EndCombo();
    }
    for (const std::string& n : NoticeLines) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(1.0f, 0.72f, 0.25f, 1.0f), "⚠ %s", n.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!NoticeLines.empty() && ImGui::SmallButton(Tr("Скрыть (Esc)"))) NoticeLines.clear();
}

void App::DrawSharePopup()
{
    if (!ImGui::BeginPopup("share")) return;
    const std::string link = ShareLink();
    const std::string snippet = EmbedSnippet();
    const float w = ImGui::GetFontSize() * 30.0f;
    ImGui::TextDisabled("%s", Tr("Ссылка на это состояние"));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::TextUnformatted(link.c_str());
    if (ImGui::Button(Tr("Копировать ссылку"))) ImGui::SetClipboardText(link.c_str());
    ImGui::Separator();
    ImGui::TextDisabled("%s", Tr("Встроить в сайт или слайды (iframe)"));
    ImGui::TextUnformatted(snippet.c_str());
    if (ImGui::Button(Tr("Копировать iframe"))) ImGui::SetClipboardText(snippet.c_str());
    ImGui::TextDisabled(
        "%s", Tr("Параметры: &question=1 — с текстом вопроса, &controls=0 — без панели управления, &theme=light|dark."));
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
}

void App::DrawQuestionList(float width, float height)
{
    ImGui::BeginChild("questions", ImVec2(width, height), true);
    ImGui::SetNextItemWidth(-1.0f);
    if (FocusSearch) {
        ImGui::SetKeyboardFocusHere();
        FocusSearch = false;
    }
    ImGui::InputTextWithHint("##search", Tr("Поиск по вопросам  (/)"), &Search);
    if (ImGui::IsItemActive() && ImGui::IsKeyPressed(ImGuiKey_Escape)) Search.clear();
    const bool searching = Search.find_first_not_of(' ') != std::string::npos;

    ImGui::BeginChild("list", ImVec2(0.0f, 0.0f), false);
    const float dot_w = ImGui::GetFontSize() * 1.1f;
    int shown_total = 0;
    for (const Section& s : BankData.Sections) {
        std::vector<int> ids;
        for (int id : s.QuestionIds)
            if (!searching || QuestionMatches(*BankData.Find(id), Search)) ids.push_back(id);
        if (ids.empty()) continue;
        shown_total += static_cast<int>(ids.size());
        char header[160];
        std::snprintf(header, sizeof header, "%s  (%d)###%s", SectionTitle(s, CurrentLanguage()).c_str(),
                      static_cast<int>(ids.size()), s.Id.c_str());
        if (searching)
            ImGui::SetNextItemOpen(true);
        else
            ImGui::SetNextItemOpen(true, ImGuiCond_Once);
        if (!ImGui::CollapsingHeader(header)) continue;
        for (int id : ids) {
            const mlviz::Question& q = *BankData.Find(id);
            const bool has_vis = !TopicsForQuestion(id).empty();
            char label[48];
            std::snprintf(label, sizeof label, "%d.##q%d", id, id);
            ImGui::PushID(id);
            const ImVec2 row = ImGui::GetCursorScreenPos();
            ImGui::SetCursorScreenPos(ImVec2(row.x + dot_w, row.y));
            const bool selected = id == Question;
            if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAvailWidth)) SelectQuestion(id);
            if (selected && ScrollListToSelection) {
                ImGui::SetScrollHereY(0.3f);
                ScrollListToSelection = false;
            }
            const ImVec2 rmin = ImGui::GetItemRectMin(), rmax = ImGui::GetItemRectMax();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float cy = (rmin.y + rmax.y) * 0.5f;
            if (has_vis)
                dl->AddCircleFilled(ImVec2(row.x + dot_w * 0.45f, cy), ImGui::GetFontSize() * 0.22f, AccentColor());
            else
                dl->AddCircle(ImVec2(row.x + dot_w * 0.45f, cy), ImGui::GetFontSize() * 0.18f,
                              ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.6f));
            char num[16];
            std::snprintf(num, sizeof num, "%d.", id);
            const float num_w = ImGui::CalcTextSize("00. ").x;
            dl->AddText(ImVec2(rmin.x + 2.0f, rmin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), num);
            const ImVec2 text_min(rmin.x + num_w, rmin.y);
            // Pending answers are dimmed: the reader sees at a glance which ones have text.
            if (q.AnswerPending) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::RenderTextEllipsis(dl, text_min, rmax, rmax.x, rmax.x, DisplayTitle(q, CurrentLanguage()).c_str(), nullptr,
                                      nullptr);
            if (q.AnswerPending) ImGui::PopStyleColor();
            if (ImGui::IsItemHovered() &&
                ImGui::CalcTextSize(DisplayTitle(q, CurrentLanguage()).c_str()).x > rmax.x - text_min.x) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::TextUnformatted(DisplayTitle(q, CurrentLanguage()).c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
    }
    if (searching && shown_total == 0) ImGui::TextDisabled("%s", Tr("Ничего не найдено."));
    ImGui::EndChild();
    ImGui::EndChild();
}

void App::DrawVisualization(ViewContext& ctx, float width, float height, bool with_header)
{
    ImGui::BeginChild("visualization", ImVec2(width, height), with_header);
    const auto topics = TopicsForQuestion(Question);
    const TopicInfo* topic = FindTopic(Topic);
    if (!topic) {
        ImGui::Dummy(ImVec2(0.0f, ImGui::GetFontSize() * 2.0f));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", Tr("У этого вопроса пока нет визуализации."));
        ImGui::TextDisabled("%s", Tr("Вопрос и ответ — рядом. Вопросы с визуализацией отмечены точкой в списке."));
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        return;
    }
    if (with_header) {
        ImGui::TextUnformatted(TopicTitle(*topic, CurrentLanguage()));
        for (const TopicInfo* t : topics) {
            if (t == topic) continue;
            ImGui::SameLine();
            if (ImGui::SmallButton(TopicTitle(*t, CurrentLanguage()))) SelectTopic(t->Id);
        }
        // PNG export of this panel at 1x or 2x (done by the platform after the frame).
        const float font = ImGui::GetFontSize();
        const float export_w = ImGui::CalcTextSize("PNG").x + font * 6.5f;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - export_w));
        ImGui::SetNextItemWidth(font * 3.2f);
        ImGui::Combo("##scale", &ExportScale,
                     "1×\0"
                     "2×\0");
        ImGui::SameLine();
        if (ImGui::SmallButton("PNG")) RequestExport(ExportScale + 1);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr("Сохранить картинку визуализации"));
        ImGui::Separator();
    }
    VisualizationW = width;
    VisualizationH = height;
    if (TopicView* view = ViewFor(topic->Id)) {
        ImGui::PushID(topic->Id.data());
        view->Draw(ctx);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void App::DrawAnswer(float width, float height)
{
    ImGui::BeginChild("answer", ImVec2(width, height), true);
    const mlviz::Question* q = BankData.Find(Question);
    if (!q) {
        ImGui::TextDisabled("%s", LoadError.empty() ? Tr("Выберите вопрос слева.") : LoadError.c_str());
        ImGui::EndChild();
        return;
    }
    // English mode shows a question's translation when one exists (content stays Russian otherwise).
    const bool translated = CurrentLanguage() == Language::En && !q->AnswerEn.empty();
    const int doc_key = q->Id * 2 + (translated ? 1 : 0);
    if (AnswerDocFor != doc_key) {
        AnswerDoc = ParseMarkdown(translated ? q->AnswerEn : DisplayAnswer(q->Answer));
        MlvizDoc = ParseMarkdown(translated ? std::string() : q->MlvizAnswer);
        AnswerPlain = DisplayTitle(*q, CurrentLanguage()) + "\n\n" +
            MarkdownPlainText(ParseMarkdown(DisplayFullAnswer(*q, CurrentLanguage())));
        AnswerDocFor = doc_key;
    }
    const Section* s = BankData.FindSection(q->SectionId);
    ImGui::TextDisabled(Tr("Вопрос %d · %s"), q->Id, s ? SectionTitle(*s, CurrentLanguage()).c_str() : "");
    if (!FindTopic(Topic)) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Tr("· визуализации пока нет"));
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(DisplayTitle(*q, CurrentLanguage()).c_str());
    ImGui::PopTextWrapPos();
    const auto topics = TopicsForQuestion(q->Id);
    if (!topics.empty()) {
        ImGui::TextDisabled("%s", Tr("Визуализация:"));
        for (const TopicInfo* t : topics) {
            ImGui::SameLine();
            ImGui::PushID(t->Id.data());
            if (ImGui::SmallButton(TopicTitle(*t, CurrentLanguage()))) SelectTopic(t->Id);
            ImGui::PopID();
        }
    }
    if (ImGui::SmallButton(Tr("Копировать ответ"))) ImGui::SetClipboardText(AnswerPlain.c_str());
    ImGui::SameLine();
    ImGui::Checkbox(Tr("Выделять текст"), &SelectableText);
    ImGui::Separator();

    ImGui::BeginChild("answer_text", ImVec2(0.0f, 0.0f), false);
    if (q->AnswerPending) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", Tr("Ответ пока не написан: в исходных материалах на этом месте была картинка, которой нет."));
        ImGui::PopTextWrapPos();
    } else if (SelectableText) {
        std::string wrapped =
            WrapForWidth(AnswerPlain, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().FramePadding.x * 4.0f);
        ImGui::InputTextMultiline("##plain", &wrapped, ImVec2(-1.0f, -1.0f), ImGuiInputTextFlags_ReadOnly);
    } else {
        std::string href = RenderMarkdown(AnswerDoc);
        if (!translated && (q->Origin == AnswerOrigin::Mlviz || q->Origin == AnswerOrigin::SeedAndMlviz)) {
            // Readers should know which text is the original material and which mlviz added.
            if (q->Origin == AnswerOrigin::SeedAndMlviz) ImGui::Separator();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s",
                                q->Origin == AnswerOrigin::Mlviz
                                    ? Tr("Ответ написан mlviz: в исходных материалах здесь была только картинка.")
                                    : Tr("Дополнение mlviz вместо отсутствующей в исходных материалах картинки:"));
            ImGui::PopTextWrapPos();
            const std::string h = RenderMarkdown(MlvizDoc);
            if (!h.empty()) href = h;
        }
        if (!href.empty()) OpenFragment(href);
    }
    ImGui::EndChild();
    ImGui::EndChild();
}

void App::DrawEmbedHeader()
{
    const TopicInfo* topic = FindTopic(Topic);
    ImGui::TextUnformatted(topic ? TopicTitle(*topic, CurrentLanguage()) : "mlviz");
    const char* link = Tr("открыть в mlviz ↗");
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(link).x));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AccentColor()), "%s", link);
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (ImGui::IsItemClicked()) Host->OpenFullApp(Fragment());
    if (ModeData.EmbedQuestion) {
        if (const mlviz::Question* q = BankData.Find(Question)) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled(Tr("Вопрос %d: %s"), q->Id, DisplayTitle(*q, CurrentLanguage()).c_str());
            ImGui::PopTextWrapPos();
        }
    }
    ImGui::Separator();
}

void App::FigureFrame(ViewContext& ctx)
{
    ctx.ShowControls = ModeData.Controls;
    BeginRoot("mlviz_figure");
    if (ModeData.EmbedQuestion) {
        if (const mlviz::Question* q = BankData.Find(Question)) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(DisplayTitle(*q, CurrentLanguage()).c_str());
            ImGui::PopTextWrapPos();
        }
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The figure is laid out at the export size; the on-screen panel size (what the next export
    // and the page's state report use) stays that of the app's own frame.
    const float screen_w = VisualizationW, screen_h = VisualizationH;
    DrawVisualization(ctx, avail.x, avail.y, false);
    VisualizationW = screen_w;
    VisualizationH = screen_h;
    // A small signature: figures travel to slides and posts without their URL.
    const ImVec2 max(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y);
    const char* mark = "mlviz";
    const ImVec2 size = ImGui::CalcTextSize(mark);
    ImGui::GetForegroundDrawList()->AddText(ImVec2(max.x - size.x - 6.0f, max.y - size.y - 4.0f),
                                            ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.8f), mark);
    ImGui::End();
}

void App::Frame(ViewContext& ctx)
{
    ++Frames;
    HandleGlobalKeys(ctx);
    ctx.ShowControls = ModeData.Controls;
    if (ModeData.Embed) {
        BeginRoot("mlviz_embed");
        DrawEmbedHeader();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        DrawVisualization(ctx, avail.x, avail.y, false);
        ImGui::End();
        return;
    }
    BeginRoot("mlviz");
    DrawTopBar();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float font = ImGui::GetFontSize();
    const bool wide = avail.x >= font * 62.0f; // about 1000 px at 16 px text
    const float list_w = std::clamp(avail.x * 0.21f, font * 13.0f, font * 24.0f);
    DrawQuestionList(list_w, avail.y);
    ImGui::SameLine();
    if (FindTopic(Topic) == nullptr) {
        // No visualization yet: the answer gets the space, with a plain note at its top.
        DrawAnswer(avail.x - list_w - gap, avail.y);
    } else if (wide) {
        const float answer_w = std::clamp(avail.x * 0.27f, font * 17.0f, font * 34.0f);
        const float vis_w = avail.x - list_w - answer_w - 2.0f * gap;
        DrawVisualization(ctx, vis_w, avail.y, true);
        ImGui::SameLine();
        DrawAnswer(answer_w, avail.y);
    } else {
        ImGui::BeginGroup();
        const float right_w = avail.x - list_w - gap;
        const float vis_h = avail.y * 0.62f;
        DrawVisualization(ctx, right_w, vis_h, true);
        DrawAnswer(right_w, avail.y - vis_h - ImGui::GetStyle().ItemSpacing.y);
        ImGui::EndGroup();
    }
    ImGui::End();
}

} // namespace mlviz
