// The app shell: question list (left), the selected topic's visualization (centre), the
// question and its answer (right, or below on narrow windows); embed mode (one visualization
// alone) and the figure layout used for PNG export. ImGui only, no GL or SDL, so the view
// smoke test drives exactly what users see.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/platform.h"
#include "core/deeplink.h"
#include "core/questions.h"
#include "ui/markdown_doc.h"
#include "ui/theme.h"
#include "ui/view.h"

namespace mlviz {

// How the page was opened: "?embed=1&question=1&controls=0&theme=light".
struct DisplayMode {
    bool Embed = false;         // one visualization filling the window (iframes)
    bool EmbedQuestion = false; // embed: show the question text above it
    bool Controls = true;       // false: the picture only, for a still figure
    Theme Colors = Theme::Dark;
};

// A PNG export the platform should perform after this frame (App::TakeCaptureRequest).
struct CaptureRequest {
    bool Pending = false;
    float Scale = 1.0f;                // 1x or 2x the on-screen size
    float Width = 0.0f, Height = 0.0f; // figure size in ImGui units
};

class App {
public:
    explicit App(Platform* platform = nullptr);

    // Draws one frame of the whole UI over the full display (call between NewFrame and Render).
    void Frame(ViewContext& ctx);
    // Draws only the figure (the visualization, optionally the question title) over the full
    // display: the PNG export and `mlviz --screenshot` render this offscreen.
    void FigureFrame(ViewContext& ctx);

    // Applies "?embed=1&question=1&controls=0&theme=light" (page query or --embed options).
    void OpenQuery(std::string_view query);
    // Applies a deep link ("#q=47&topic=nms&iou=0.45"): question, topic, theme and the topic's
    // own state; bad values become visible notices.
    void OpenFragment(std::string_view fragment);
    void SelectQuestion(int id);
    void SelectTopic(std::string_view id);
    // Hands a dropped file to the current topic's view; the outcome becomes a notice.
    void DropFile(std::string_view name, std::string_view bytes);

    int SelectedQuestion() const { return Question; }
    const std::string& SelectedTopic() const { return Topic; }
    const DisplayMode& Mode() const { return ModeData; }
    // "q=57&topic=activations&v=1&...state": what the page URL should say now.
    std::string Fragment() const;
    // The address of the full app at the current state, and an <iframe> snippet embedding it.
    std::string ShareLink() const;
    std::string EmbedSnippet() const;
    // Read-only state for tests and the page's window.mlviz.state().
    std::string StateJson() const;
    const std::vector<std::string>& Notices() const { return NoticeLines; }
    void AddNotice(std::string line) { NoticeLines.push_back(std::move(line)); }
    const QuestionBank& Bank() const { return BankData; }
    CaptureRequest TakeCaptureRequest();
    void RequestCapture(float scale, float width, float height);
    // PNG export of the visualization panel at its on-screen size times `scale` (the panel's
    // PNG button and window.mlviz.exportPng both ask through this).
    void RequestExport(int scale);
    // Touch input was seen: widgets get finger-sized hit targets from now on.
    void EnableTouchMode();

private:
    void ApplyStyle();
    void ApplyLanguage(const KeyValues& kv);
    void DrawTopBar();
    void DrawSharePopup();
    void DrawQuestionList(float width, float height);
    void DrawVisualization(ViewContext& ctx, float width, float height, bool with_header);
    void DrawAnswer(float width, float height);
    void DrawEmbedHeader();
    void HandleGlobalKeys(ViewContext& ctx);
    TopicView* ViewFor(std::string_view topic_id);
    // The current topic's own state as URL key=values ("iou=0.3&seed=7"), empty if default.
    std::string TopicState() const;
    // Exported figure size in ImGui units: the panel as last drawn on screen, in whole units so
    // that a 2x export is exactly twice the 1x one.
    int FigureWidth() const;
    int FigureHeight() const;

    Platform DefaultPlatform;
    Platform* Host = nullptr;
    QuestionBank BankData;
    std::string LoadError;
    DisplayMode ModeData;
    bool TouchMode = false;
    int Question = 0;  // 0: none selected
    std::string Topic; // empty: none
    std::string Search;
    bool FocusSearch = false;
    bool SelectableText = false; // answer shown as a read-only text box for selection
    bool ScrollListToSelection = false;
    int AnswerDocFor = -1;
    MdDocument AnswerDoc; // the seed's text
    MdDocument MlvizDoc;  // mlviz's answer or supplement
    std::string AnswerPlain;
    std::vector<std::unique_ptr<TopicView>> Views; // index = topic index, created on first use
    std::vector<std::string> NoticeLines;
    CaptureRequest Capture;
    float VisualizationW = 0.0f, VisualizationH = 0.0f; // last on-screen size of the panel
    int ExportScale = 1;
    long long Frames = 0;
};

} // namespace mlviz
