#include "app/app.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/deeplink.h"
#include "core/topic_codec.h"
#include "core/topics.h"
#include "ui/tr.h"
#include "imgui.h"
#include "topics/views.h"

namespace mlviz {

App::App(Platform* platform) : Host(platform ? platform : &DefaultPlatform)
{
    const Result<QuestionBank>& bank = BuiltinQuestions();
    if (bank)
        BankData = bank.Value();
    else
        LoadError = Tr(bank.Error());
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

void App::OpenQuery(std::string_view query)
{
    const KeyValues kv = ParseKeyValues(query);
    auto flag = [&](const char* key, bool& out) {
        if (const std::string* v = FindValue(kv, key)) {
            if (*v == "1" || *v == "true")
                out = true;
            else if (*v == "0" || *v == "false")
                out = false;
            else
                NoticeLines.push_back(std::string(key) + "=" + *v + ": expected 0 or 1, ignored");
        }
    };
    flag("embed", ModeData.Embed);
    flag("question", ModeData.EmbedQuestion);
    flag("controls", ModeData.Controls);
    ApplyLanguage(kv);
    if (const std::string* t = FindValue(kv, "theme")) {
        if (*t == "light")
            ModeData.Colors = Theme::Light;
        else if (*t == "dark")
            ModeData.Colors = Theme::Dark;
        else
            NoticeLines.push_back("theme=" + *t + ": expected light or dark, ignored");
    }
    ApplyStyle();
}

void App::ApplyLanguage(const KeyValues& kv)
{
    if (const std::string* l = FindValue(kv, "lang")) {
        Language lang = Language::Ru;
        if (ParseLanguage(*l, lang))
            SetLanguage(lang);
        else
            NoticeLines.push_back("lang=" + *l + ": expected ru or en, ignored");
    }
}

void App::OpenFragment(std::string_view fragment)
{
    const DeepLink link = ParseDeepLink(fragment, static_cast<int>(BankData.Questions.size()));
    NoticeLines.clear();
    for (const Message& n : link.Notices) NoticeLines.push_back(Tr(n));
    if (link.Question) {
        Question = *link.Question;
        ScrollListToSelection = true;
    }
    if (!link.Topic.empty())
        Topic = link.Topic;
    else if (link.Question)
        SelectQuestion(*link.Question);
    const KeyValues kv = ParseKeyValues(fragment);
    ApplyLanguage(kv);
    if (const std::string* t = FindValue(kv, "theme")) {
        if (*t == "light" || *t == "dark") {
            ModeData.Colors = *t == "light" ? Theme::Light : Theme::Dark;
            ApplyStyle();
        }
    }
    if (TopicView* view = ViewFor(Topic))
        for (const Message& n : view->DecodeState(fragment)) NoticeLines.push_back(Tr(n));
}

std::string App::Fragment() const
{
    DeepLink link;
    if (Question > 0) link.Question = Question;
    link.Topic = Topic;
    std::string f = DeepLinkFragment(link);
    if (ModeData.Colors == Theme::Light) f += "&theme=light";
    if (CurrentLanguage() == Language::En) f += "&lang=en";
    const std::string state = TopicState();
    if (!state.empty()) f += "&v=1&" + state;
    return f;
}

std::string App::TopicState() const
{
    const int index = TopicIndex(Topic);
    if (index < 0 || !Views[static_cast<std::size_t>(index)]) return {};
    return Views[static_cast<std::size_t>(index)]->EncodeState();
}

std::string App::ShareLink() const
{
    const std::string base = Host->PageUrl();
    return (base.empty() ? std::string("index.html") : base) + "#" + Fragment();
}

std::string App::EmbedSnippet() const
{
    const std::string base = Host->PageUrl();
    const TopicInfo* t = FindTopic(Topic);
    std::string title = t ? std::string(TopicTitle(*t, CurrentLanguage())) : std::string("mlviz");
    std::string safe;
    for (char c : title) safe += c == '"' ? std::string("&quot;") : std::string(1, c);
    return "<iframe src=\"" + (base.empty() ? std::string("index.html") : base) + "?embed=1#" + Fragment() +
        "\" width=\"800\" height=\"500\" loading=\"lazy\" title=\"mlviz: " + safe +
        "\" style=\"border:0\" allow=\"clipboard-write\"></iframe>";
}

std::string App::StateJson() const
{
    // The panels Frame() lays out in this mode: embed shows the visualization alone, optionally
    // under the question's text.
    std::vector<std::string> panels;
    if (ModeData.Embed) {
        if (ModeData.EmbedQuestion) panels.push_back("question");
        panels.push_back("visualization");
    } else {
        panels = {"top_bar", "questions"};
        if (FindTopic(Topic)) panels.push_back("visualization");
        panels.push_back("answer");
    }
    nlohmann::json j = {{"question", Question},
                        {"topic", Topic},
                        {"fragment", Fragment()},
                        {"topic_state", TopicState()},
                        {"share_link", ShareLink()},
                        {"embed_snippet", EmbedSnippet()},
                        {"panels", panels},
                        {"figure", {FigureWidth(), FigureHeight()}},
                        {"frames", Frames},
                        {"questions", BankData.Questions.size()},
                        {"embed", ModeData.Embed},
                        {"controls", ModeData.Controls},
                        {"theme", ModeData.Colors == Theme::Light ? "light" : "dark"},
                        {"lang", CurrentLanguage() == Language::En ? "en" : "ru"},
                        {"notices", NoticeLines},
                        {"load_error", LoadError}};
    // Whether the topic has a timeline the playback keys step through (a "step" field).
    bool timeline = false;
    if (const TopicInfo* t = FindTopic(Topic))
        for (const TopicFieldInfo& f : t->Codec().Fields) timeline = timeline || f.Key == "step";
    j["timeline"] = timeline;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void App::DropFile(std::string_view name, std::string_view bytes)
{
    TopicView* view = ViewFor(Topic);
    std::string error;
    if (view && view->OnFileDropped(name, bytes, error)) return;
    NoticeLines = {error.empty() ? "«" + std::string(name) + Tr("»: этой визуализации файлы не нужны")
                                 : "«" + std::string(name) + "»: " + error};
}

CaptureRequest App::TakeCaptureRequest()
{
    CaptureRequest r = Capture;
    Capture.Pending = false;
    return r;
}

void App::RequestCapture(float scale, float width, float height)
{
    Capture = {true, std::clamp(scale, 0.5f, 4.0f), std::max(width, 64.0f), std::max(height, 64.0f)};
}

void App::RequestExport(int scale)
{
    RequestCapture(static_cast<float>(std::clamp(scale, 1, 4)), static_cast<float>(FigureWidth()),
                   static_cast<float>(FigureHeight()));
}

int App::FigureWidth() const
{
    return std::max(64, static_cast<int>(VisualizationW));
}

int App::FigureHeight() const
{
    return std::max(64, static_cast<int>(VisualizationH));
}

void App::EnableTouchMode()
{
    if (TouchMode) return;
    TouchMode = true;
    ApplyStyle();
}

void App::ApplyStyle()
{
    ApplyTheme(ModeData.Colors);
    if (TouchMode) {
        // Finger-sized targets: about 9 mm at 160 dpi.
        ImGuiStyle& s = ImGui::GetStyle();
        s.FramePadding = ImVec2(10.0f, 9.0f);
        s.ItemSpacing = ImVec2(10.0f, 10.0f);
        s.GrabMinSize = 26.0f;
        s.ScrollbarSize = 22.0f;
        s.TouchExtraPadding = ImVec2(6.0f, 6.0f);
    }
}

TopicView* App::ViewFor(std::string_view topic_id)
{
    const int index = TopicIndex(topic_id);
    if (index < 0) return nullptr;
    auto& slot = Views[static_cast<std::size_t>(index)];
    if (!slot) slot = CreateTopicView(topic_id);
    return slot.get();
}

} // namespace mlviz
