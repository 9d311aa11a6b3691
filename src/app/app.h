// The app shell: question list (left), the selected topic's visualization (centre), the
// question and its answer (right, or below on narrow windows). ImGui only, no GL or SDL, so
// the view smoke test drives exactly what users see.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/questions.h"
#include "ui/markdown_doc.h"
#include "ui/view.h"

namespace mlviz {

class App {
public:
    App();

    // Draws one frame of the whole UI over the full display (call between NewFrame and Render).
    void Frame(ViewContext& ctx);

    // Applies a deep link ("#q=47", "topic=activations"); bad values become a visible notice.
    void OpenFragment(std::string_view fragment);
    void SelectQuestion(int id);
    void SelectTopic(std::string_view id);
    // Hands a dropped file to the current topic's view; the outcome becomes a notice.
    void DropFile(std::string_view name, std::string_view bytes);

    int SelectedQuestion() const { return Question; }
    const std::string& SelectedTopic() const { return Topic; }
    // "q=57&topic=activations": what the page URL should say now.
    std::string Fragment() const;
    // Read-only state for tests and the page's window.mlviz.state().
    std::string StateJson() const;
    const std::vector<std::string>& Notices() const { return NoticeLines; }
    const QuestionBank& Bank() const { return BankData; }

private:
    void DrawTopBar();
    void DrawQuestionList(float width, float height);
    void DrawVisualization(ViewContext& ctx, float width, float height);
    void DrawAnswer(float width, float height);
    TopicView* ViewFor(std::string_view topic_id);

    QuestionBank BankData;
    std::string LoadError;
    int Question = 0;                 // 0: none selected
    std::string Topic;                // empty: none
    std::string Search;
    bool SelectableText = false;      // answer shown as a read-only text box for selection
    bool ScrollListToSelection = false;
    int AnswerDocFor = -1;
    MdDocument AnswerDoc;             // the seed's text
    MdDocument MlvizDoc;              // mlviz's answer or supplement
    std::string AnswerPlain;
    std::vector<std::unique_ptr<TopicView>> Views;   // index = topic index, created on first use
    std::vector<std::string> NoticeLines;
    long long Frames = 0;
};

} // namespace mlviz
