#include "app/app.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/deeplink.h"
#include "core/topics.h"
#include "imgui.h"
#include "imgui_internal.h"   // RenderTextEllipsis
#include "imgui_stdlib.h"
#include "topics/views.h"
#include "ui/markdown.h"
#include "ui/theme.h"

namespace mlviz {

App::App()
{
    const Result<QuestionBank>& bank = BuiltinQuestions();
    if (bank) BankData = bank.Value();
    else LoadError = bank.Error();
    Views.resize(Topics().size());
    if (!BankData.Questions.empty()) SelectQuestion(Topics().empty() ? 1 : Topics()[0].Questions[0]);
}

void App::SelectQuestion(int id)
{
    if (!BankData.Find(id)) return;
    Question = id;
    const auto topics = TopicsForQuestion(id);
    const bool keep = std::any_of(topics.begin(), topics.end(), [&](const TopicInfo* t) { return t->Id == Topic; });
    if (!keep) Topic = topics.empty() ? std::string() : std::string(topics.front()->Id);
    ScrollListToSelection = true;
}

void App::SelectTopic(std::string_view id)
{
    const TopicInfo* t = FindTopic(id);
    if (!t) return;
    Topic = std::string(t->Id);
    const bool question_fits = std::find(t->Questions.begin(), t->Questions.end(), Question) != t->Questions.end();
    if (!question_fits && !t->Questions.empty()) Question = t->Questions.front();
    ScrollListToSelection = true;
}

void App::OpenFragment(std::string_view fragment)
{
    const DeepLink link = ParseDeepLink(fragment, static_cast<int>(BankData.Questions.size()));
    NoticeLines = link.Notices;
    if (link.Question) {
        Question = *link.Question;
        ScrollListToSelection = true;
    }
    if (!link.Topic.empty()) Topic = link.Topic;
    else if (link.Question) SelectQuestion(*link.Question);
}

void App::DropFile(std::string_view name, std::string_view bytes)
{
    TopicView* view = ViewFor(Topic);
    std::string error;
    if (view && view->OnFileDropped(name, bytes, error)) return;
    NoticeLines = {error.empty() ? "«" + std::string(name) + "»: этой визуализации файлы не нужны"
                                 : "«" + std::string(name) + "»: " + error};
}

std::string App::Fragment() const
{
    DeepLink link;
    if (Question > 0) link.Question = Question;
    link.Topic = Topic;
    return DeepLinkFragment(link);
}

std::string App::StateJson() const
{
    nlohmann::json j = {{"question", Question}, {"topic", Topic}, {"fragment", Fragment()},
                        {"frames", Frames}, {"questions", BankData.Questions.size()},
                        {"notices", NoticeLines}, {"load_error", LoadError}};
    return j.dump();
}

TopicView* App::ViewFor(std::string_view topic_id)
{
    const int index = TopicIndex(topic_id);
    if (index < 0) return nullptr;
    auto& slot = Views[static_cast<std::size_t>(index)];
    if (!slot) slot = CreateTopicView(topic_id);
    return slot.get();
}

void App::DrawTopBar()
{
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AccentColor()), "mlviz");
    ImGui::SameLine();
    ImGui::TextDisabled("вопросы по ML и CV с живыми визуализациями");
    ImGui::SameLine();
    const float combo_w = ImGui::GetFontSize() * 14.0f;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - combo_w));
    ImGui::SetNextItemWidth(combo_w);
    const TopicInfo* current = FindTopic(Topic);
    if (ImGui::BeginCombo("##topics", current ? current->TitleRu.data() : "Визуализации…")) {
        for (const TopicInfo& t : Topics())
            if (ImGui::Selectable(t.TitleRu.data(), t.Id == Topic)) SelectTopic(t.Id);
        ImGui::EndCombo();
    }
    for (const std::string& n : NoticeLines) {
        ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "⚠ %s", n.c_str());
        ImGui::SameLine();
    }
    if (!NoticeLines.empty() && ImGui::SmallButton("×")) NoticeLines.clear();
    if (!NoticeLines.empty()) ImGui::NewLine();
}

void App::DrawQuestionList(float width, float height)
{
    ImGui::BeginChild("questions", ImVec2(width, height), true);
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::IsKeyPressed(ImGuiKey_Slash) && !ImGui::GetIO().WantTextInput) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##search", "Поиск по вопросам и ответам  (/)", &Search);
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
        std::snprintf(header, sizeof header, "%s  (%d)###%s", s.TitleRu.c_str(), static_cast<int>(ids.size()), s.Id.c_str());
        if (searching) ImGui::SetNextItemOpen(true);
        else ImGui::SetNextItemOpen(true, ImGuiCond_Once);
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
            if (selected && ScrollListToSelection) { ImGui::SetScrollHereY(0.3f); ScrollListToSelection = false; }
            const ImVec2 rmin = ImGui::GetItemRectMin(), rmax = ImGui::GetItemRectMax();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float cy = (rmin.y + rmax.y) * 0.5f;
            if (has_vis) dl->AddCircleFilled(ImVec2(row.x + dot_w * 0.45f, cy), ImGui::GetFontSize() * 0.22f, AccentColor());
            else dl->AddCircle(ImVec2(row.x + dot_w * 0.45f, cy), ImGui::GetFontSize() * 0.18f, ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.6f));
            char num[16];
            std::snprintf(num, sizeof num, "%d.", id);
            const float num_w = ImGui::CalcTextSize("00. ").x;
            dl->AddText(ImVec2(rmin.x + 2.0f, rmin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), num);
            const ImVec2 text_min(rmin.x + num_w, rmin.y);
            // Pending answers are dimmed: the reader sees at a glance which ones have text.
            if (q.AnswerPending) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::RenderTextEllipsis(dl, text_min, rmax, rmax.x, rmax.x, q.Title.c_str(), nullptr, nullptr);
            if (q.AnswerPending) ImGui::PopStyleColor();
            if (ImGui::IsItemHovered() && ImGui::CalcTextSize(q.Title.c_str()).x > rmax.x - text_min.x) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::TextUnformatted(q.Title.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
    }
    if (searching && shown_total == 0) ImGui::TextDisabled("Ничего не найдено.");
    ImGui::EndChild();
    ImGui::EndChild();
}

void App::DrawVisualization(ViewContext& ctx, float width, float height)
{
    ImGui::BeginChild("visualization", ImVec2(width, height), true);
    const auto topics = TopicsForQuestion(Question);
    const TopicInfo* topic = FindTopic(Topic);
    if (!topic) {
        ImGui::Dummy(ImVec2(0.0f, ImGui::GetFontSize() * 2.0f));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("У этого вопроса пока нет визуализации.");
        ImGui::TextDisabled("Вопрос и ответ — справа. Вопросы с визуализацией отмечены точкой в списке.");
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        return;
    }
    ImGui::TextUnformatted(topic->TitleRu.data());
    for (const TopicInfo* t : topics) {
        if (t == topic) continue;
        ImGui::SameLine();
        if (ImGui::SmallButton(t->TitleRu.data())) SelectTopic(t->Id);
    }
    ImGui::Separator();
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
        ImGui::TextDisabled("%s", LoadError.empty() ? "Выберите вопрос слева." : LoadError.c_str());
        ImGui::EndChild();
        return;
    }
    if (AnswerDocFor != q->Id) {
        AnswerDoc = ParseMarkdown(DisplayAnswer(q->Answer));
        MlvizDoc = ParseMarkdown(q->MlvizAnswer);
        AnswerPlain = q->Title + "\n\n" + MarkdownPlainText(ParseMarkdown(FullAnswer(*q)));
        AnswerDocFor = q->Id;
    }
    const Section* s = BankData.FindSection(q->SectionId);
    ImGui::TextDisabled("Вопрос %d · %s", q->Id, s ? s->TitleRu.c_str() : "");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(q->Title.c_str());
    ImGui::PopTextWrapPos();
    const auto topics = TopicsForQuestion(q->Id);
    if (!topics.empty()) {
        ImGui::TextDisabled("Визуализация:");
        for (const TopicInfo* t : topics) {
            ImGui::SameLine();
            ImGui::PushID(t->Id.data());
            if (ImGui::SmallButton(t->TitleRu.data())) SelectTopic(t->Id);
            ImGui::PopID();
        }
    }
    if (ImGui::SmallButton("Копировать ответ")) ImGui::SetClipboardText(AnswerPlain.c_str());
    ImGui::SameLine();
    ImGui::Checkbox("Выделять текст", &SelectableText);
    ImGui::Separator();

    ImGui::BeginChild("answer_text", ImVec2(0.0f, 0.0f), false);
    if (q->AnswerPending) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("Ответ пока не написан: в исходных материалах на этом месте была картинка, которой нет.");
        ImGui::PopTextWrapPos();
    } else if (SelectableText) {
        std::string wrapped = WrapForWidth(AnswerPlain, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().FramePadding.x * 4.0f);
        ImGui::InputTextMultiline("##plain", &wrapped, ImVec2(-1.0f, -1.0f), ImGuiInputTextFlags_ReadOnly);
    } else {
        std::string href = RenderMarkdown(AnswerDoc);
        if (q->Origin == AnswerOrigin::Mlviz || q->Origin == AnswerOrigin::SeedAndMlviz) {
            // Readers should know which text is the original material and which mlviz added.
            if (q->Origin == AnswerOrigin::SeedAndMlviz) ImGui::Separator();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled(q->Origin == AnswerOrigin::Mlviz
                                    ? "Ответ написан mlviz: в исходных материалах здесь была только картинка."
                                    : "Дополнение mlviz вместо отсутствующей в исходных материалах картинки:");
            ImGui::PopTextWrapPos();
            const std::string h = RenderMarkdown(MlvizDoc);
            if (!h.empty()) href = h;
        }
        if (!href.empty()) OpenFragment(href);
    }
    ImGui::EndChild();
    ImGui::EndChild();
}

void App::Frame(ViewContext& ctx)
{
    ++Frames;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar;
    ImGui::Begin("mlviz", nullptr, flags);
    DrawTopBar();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float font = ImGui::GetFontSize();
    const bool wide = avail.x >= font * 62.0f;   // about 1000 px at 16 px text
    const float list_w = std::clamp(avail.x * 0.21f, font * 13.0f, font * 24.0f);
    DrawQuestionList(list_w, avail.y);
    ImGui::SameLine();
    if (wide) {
        const float answer_w = std::clamp(avail.x * 0.27f, font * 17.0f, font * 34.0f);
        const float vis_w = avail.x - list_w - answer_w - 2.0f * gap;
        DrawVisualization(ctx, vis_w, avail.y);
        ImGui::SameLine();
        DrawAnswer(answer_w, avail.y);
    } else {
        ImGui::BeginGroup();
        const float right_w = avail.x - list_w - gap;
        const float vis_h = avail.y * 0.62f;
        DrawVisualization(ctx, right_w, vis_h);
        DrawAnswer(right_w, avail.y - vis_h - ImGui::GetStyle().ItemSpacing.y);
        ImGui::EndGroup();
    }
    ImGui::End();
}

} // namespace mlviz
