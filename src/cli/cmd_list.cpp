// mlviz-cli list: every topic and question with its section and topics.
#include "cli/commands.h"
#include "core/questions.h"
#include "core/topics.h"

namespace mlviz {

Json ListCommand(const Json&)
{
    Json topics = Json::array();
    for (const TopicInfo& t : Topics())
        topics.push_back({{"id", t.Id},
                          {"title", t.TitleRu},
                          {"title_en", t.TitleEn},
                          {"questions", std::vector<int>(t.Questions.begin(), t.Questions.end())}});
    Json questions = Json::array();
    const auto& bank = BuiltinQuestions();
    if (!bank) FailInput("built-in question data is broken: " + English(bank.Error()));
    for (const Question& q : bank->Questions) {
        Json ids = Json::array();
        for (const TopicInfo* t : TopicsForQuestion(q.Id)) ids.push_back(t->Id);
        questions.push_back(
            {{"id", q.Id}, {"title", q.Title}, {"section", q.SectionId}, {"topics", ids}, {"has_answer", !q.AnswerPending}});
    }
    return {{"topics", topics}, {"questions", questions}};
}

} // namespace mlviz
