// mlviz-cli in process (RunCli / RunCliCommand): the list document's exact shape, the
// activations command against PyTorch, and every class of bad input -> exit 2 + {"error"}.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "core/questions.h"
#include "core/topics.h"

using namespace mlviz;
using Json = nlohmann::json;

namespace {

Json Parse(const CliResult& r)
{
    INFO("output: " << r.Output);
    REQUIRE_FALSE(r.Output.empty());
    REQUIRE(r.Output.back() == '\n'); // one document, one line
    REQUIRE(r.Output.find('\n') == r.Output.size() - 1);
    const Json j = Json::parse(r.Output, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

// Checks the error contract: exit 2 and exactly {"error": "..."} mentioning `needle`.
void ExpectError(const CliResult& r, const std::string& needle)
{
    INFO("output: " << r.Output);
    CHECK(r.ExitCode == 2);
    const Json j = Parse(r);
    REQUIRE(j.is_object());
    CHECK(j.size() == 1);
    REQUIRE(j.contains("error"));
    REQUIRE(j["error"].is_string());
    CHECK_THAT(j["error"].get<std::string>(), Catch::Contains(needle));
}

std::set<std::string> Keys(const Json& obj)
{
    std::set<std::string> keys;
    for (const auto& [k, v] : obj.items()) keys.insert(k);
    return keys;
}

int g_stdin_reads = 0;
std::string CountingStdin()
{
    ++g_stdin_reads;
    return R"({"name":"relu","x":[-1,2]})";
}

} // namespace

TEST_CASE("cli list: the document has exactly the shape of issue 2, section 10", "[found][cli]")
{
    g_stdin_reads = 0;
    const CliResult r = RunCli({"list"}, &CountingStdin);
    CHECK(g_stdin_reads == 0); // list reads no input
    CHECK(r.ExitCode == 0);
    const Json j = Parse(r);
    CHECK(Keys(j) == std::set<std::string>{"topics", "questions"});

    REQUIRE(j["topics"].is_array());
    REQUIRE(j["topics"].size() == Topics().size());
    for (std::size_t i = 0; i < Topics().size(); ++i) {
        const Json& t = j["topics"][i];
        const TopicInfo& info = Topics()[i];
        INFO("topic " << info.Id);
        // "title_en" is an addition beyond the issue's list; nothing else may appear.
        std::set<std::string> keys = Keys(t);
        keys.erase("title_en");
        CHECK(keys == std::set<std::string>{"id", "title", "questions"});
        CHECK(t["id"] == std::string(info.Id));
        CHECK(t["title"] == std::string(info.TitleRu));
        REQUIRE(t["questions"].is_array());
        CHECK(t["questions"].get<std::vector<int>>() == std::vector<int>(info.Questions.begin(), info.Questions.end()));
    }

    const QuestionBank& bank = BuiltinQuestions().Value();
    REQUIRE(j["questions"].is_array());
    REQUIRE(j["questions"].size() == 86);
    int without_answer = 0;
    for (int id = 1; id <= 86; ++id) {
        const Json& q = j["questions"][static_cast<std::size_t>(id - 1)];
        INFO("question " << id);
        CHECK(Keys(q) == std::set<std::string>{"id", "title", "section", "topics", "has_answer"});
        REQUIRE(q["id"].is_number_integer());
        CHECK(q["id"] == id);
        CHECK(q["title"] == bank.Find(id)->Title);
        CHECK(q["section"] == bank.Find(id)->SectionId);
        REQUIRE(q["has_answer"].is_boolean());
        CHECK(q["has_answer"] == !bank.Find(id)->AnswerPending);
        without_answer += !q["has_answer"].get<bool>();
        REQUIRE(q["topics"].is_array());
        std::vector<std::string> expected;
        for (const TopicInfo* t : TopicsForQuestion(id)) expected.emplace_back(t->Id);
        CHECK(q["topics"].get<std::vector<std::string>>() == expected);
    }
    int pending = 0;
    for (const Question& q : bank.Questions) pending += q.AnswerPending;
    CHECK(without_answer == pending);
    CHECK(j["questions"][56]["topics"] == Json::array({"activations"})); // question 57
}

TEST_CASE("cli activations: values and derivatives, every function", "[found][cli]")
{
    // Reference values: python3-torch 1.13, float64 autograd (see activations_test.cpp).
    const CliResult swish = RunCliCommand("activations", R"({"name":"swish","beta":1.0,"x":[-1,0,2.5]})");
    REQUIRE(swish.ExitCode == 0);
    const Json j = Parse(swish);
    CHECK(Keys(j) == std::set<std::string>{"y", "dy"});
    const auto y = j["y"].get<std::vector<double>>(), dy = j["dy"].get<std::vector<double>>();
    REQUIRE(y.size() == 3);
    REQUIRE(dy.size() == 3);
    CHECK(y[0] == Approx(-0.2689414213699951).epsilon(1e-12));
    CHECK(y[1] == 0.0);
    CHECK(y[2] == Approx(2.3103545499468914).epsilon(1e-12));
    CHECK(dy[0] == Approx(0.07232948812851325).epsilon(1e-12));
    CHECK(dy[1] == 0.5);
    CHECK(dy[2] == Approx(1.0994011113415267).epsilon(1e-12));

    struct Good {
        const char* Input;
        double Y, Dy;
    }; // at x = -0.5
    const Good good[] = {
        {R"({"name":"identity","x":[-0.5]})", -0.5, 1.0},
        {R"({"name":"sigmoid","x":[-0.5]})", 0.3775406687981454, 0.2350037122015945},
        {R"({"name":"tanh","x":[-0.5]})", -0.46211715726000974, 0.7864477329659274},
        {R"({"name":"relu","x":[-0.5]})", 0.0, 0.0},
        {R"({"name":"leaky_relu","x":[-0.5]})", -0.005, 0.01},
        {R"({"name":"leaky_relu","slope":0.2,"x":[-0.5]})", -0.1, 0.2},
        {R"({"name":"elu","x":[-0.5]})", -0.3934693402873666, 0.6065306597126334},
        {R"({"name":"elu","alpha":0.5,"x":[-0.5]})", -0.1967346701436833, 0.3032653298563167},
        {R"({"name":"gelu","x":[-0.5]})", -0.15426876936299344, 0.13250487534383712},
        {R"({"name":"gelu","approximate":"none","x":[-0.5]})", -0.15426876936299344, 0.13250487534383712},
        {R"({"name":"gelu","approximate":"tanh","x":[-0.5]})", -0.15428599017485606, 0.13263009646535764},
        {R"({"name":"swish","x":[-0.5]})", -0.1887703343990727, 0.2600388126973482},
        {R"({"name":"swish","beta":2,"x":[-0.5]})", -0.13447071068499755, 0.07232948812851325},
    };
    for (const Good& g : good) {
        INFO(g.Input);
        const CliResult r = RunCliCommand("activations", g.Input);
        REQUIRE(r.ExitCode == 0);
        const Json out = Parse(r);
        CHECK(out["y"][0].get<double>() == Approx(g.Y).epsilon(1e-12).margin(1e-15));
        CHECK(out["dy"][0].get<double>() == Approx(g.Dy).epsilon(1e-12).margin(1e-15));
    }
    // Empty x, boundary parameters, and whitespace around the document are fine.
    CHECK(Parse(RunCliCommand("activations", R"({"name":"relu","x":[]})")) == Json{{"y", Json::array()}, {"dy", Json::array()}});
    CHECK(RunCliCommand("activations", R"({"name":"leaky_relu","slope":0,"x":[1]})").ExitCode == 0);
    CHECK(RunCliCommand("activations", R"({"name":"leaky_relu","slope":0.5,"x":[1]})").ExitCode == 0); // the ends of the
    CHECK(RunCliCommand("activations", R"({"name":"leaky_relu","slope":0.6,"x":[1]})").ExitCode == 2); // slider ranges
    CHECK(RunCliCommand("activations", R"({"name":"elu","alpha":3,"x":[1]})").ExitCode == 0);
    CHECK(RunCliCommand("activations", R"({"name":"elu","alpha":3.1,"x":[1]})").ExitCode == 2);
    CHECK(RunCliCommand("activations", R"({"name":"swish","beta":10,"x":[1]})").ExitCode == 0); // the largest β
    CHECK(RunCliCommand("activations", R"({"name":"swish","beta":10.5,"x":[1]})").ExitCode == 2);
    CHECK(RunCliCommand("activations", " \n\t{\"name\":\"tanh\",\"x\":[1e3,-1e3]}\n ").ExitCode == 0);
}

TEST_CASE("cli activations: outputs are numbers for every finite x (no null in y/dy)", "[found][cli]")
{
    for (const char* in :
         {R"({"name":"gelu","approximate":"tanh","x":[1e200,-1e200,1e308]})", R"({"name":"swish","beta":10,"x":[1e307,-1e307]})",
          R"({"name":"sigmoid","x":[1e308,-1e308]})", R"({"name":"elu","alpha":3,"x":[-1e308]})"}) {
        INFO(in);
        const CliResult r = RunCliCommand("activations", in);
        REQUIRE(r.ExitCode == 0);
        const Json j = Parse(r);
        for (const char* key : {"y", "dy"})
            for (const Json& v : j[key]) CHECK(v.is_number());
    }
}

TEST_CASE("cli: every class of bad input gives exit 2 and an error naming the field", "[found][cli]")
{
    struct Bad {
        const char* Input;
        const char* Needle;
    };
    const Bad bad[] = {
        {"{", "not valid JSON"},
        {R"({"name":"relu","x":[1,2,]})", "not valid JSON"},
        {"", "no input"},
        {"  \n\t ", "no input"},
        {"[1,2,3]", "object"},
        {"null", "object"},
        {"42", "object"},
        {R"("relu")", "object"},
        {R"({"x":[1]})", "'name'"},
        {R"({"name":5,"x":[1]})", "'name'"},
        {R"({"name":null,"x":[1]})", "'name'"},
        {R"({"name":"softmax","x":[1]})", "softmax"},
        {R"({"name":"ReLU","x":[1]})", "'name'"},
        {R"({"name":"relu"})", "'x'"},
        {R"({"name":"relu","x":3})", "'x'"},
        {R"({"name":"relu","x":"1,2"})", "'x'"},
        {R"({"name":"relu","x":{"0":1}})", "'x'"},
        {R"({"name":"relu","x":[1,"2",3]})", "x[1]"},
        {R"({"name":"relu","x":[1,null]})", "x[1]"},
        {R"({"name":"relu","x":[1,[2]]})", "x[1]"},
        {R"({"name":"relu","x":[true]})", "x[0]"},
        {R"({"name":"relu","x":[1,1e999]})", ""}, // nlohmann refuses to parse 1e999
        {R"({"name":"relu","x":[-1e999]})", ""},
        {R"({"name":"leaky_relu","slope":-0.1,"x":[1]})", "'slope'"},
        {R"({"name":"leaky_relu","slope":1.5,"x":[1]})", "'slope'"},
        {R"({"name":"leaky_relu","slope":"0.1","x":[1]})", "'slope'"},
        {R"({"name":"leaky_relu","slope":1e999,"x":[1]})", ""},
        {R"({"name":"elu","alpha":-1,"x":[1]})", "'alpha'"},
        {R"({"name":"elu","alpha":10.5,"x":[1]})", "'alpha'"},
        {R"({"name":"elu","alpha":null,"x":[1]})", "'alpha'"},
        {R"({"name":"swish","beta":101,"x":[1]})", "'beta'"},
        {R"({"name":"swish","beta":-1e999,"x":[1]})", ""},
        {R"({"name":"swish","beta":[1],"x":[1]})", "'beta'"},
        {R"({"name":"gelu","approximate":"exact","x":[1]})", "'approximate'"},
        {R"({"name":"gelu","approximate":true,"x":[1]})", "'approximate'"},
        {R"({"name":"relu","slope":0.1,"x":[1]})", "'slope'"}, // a parameter of another function
        {R"({"name":"swish","bta":1,"x":[1]})", "'bta'"},      // a typo is not ignored
        {R"({"name":"elu","beta":1,"x":[1]})", "'beta'"},
        {"{\"name\":\"relu\",\"x\":[1]} trailing", "not valid JSON"},
        {"{\"name\":\"re\xff\",\"x\":[1]}", "not valid JSON"}, // invalid UTF-8 inside a string
    };
    for (const Bad& b : bad) {
        INFO("input: " << b.Input);
        ExpectError(RunCliCommand("activations", b.Input), b.Needle);
    }
}

TEST_CASE("cli: too many values, deep nesting and huge documents are errors, not crashes", "[found][cli]")
{
    std::string many = R"({"name":"relu","x":[)";
    for (int i = 0; i <= 1'000'000; ++i) many += i ? ",0" : "0";
    many += "]}";
    ExpectError(RunCliCommand("activations", many), "at most");
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    ExpectError(RunCliCommand("activations", deep), "object");
    const std::string long_name = R"({"name":")" + std::string(1 << 20, 'a') + R"(","x":[1]})";
    ExpectError(RunCliCommand("activations", long_name), "unknown activation");
}

TEST_CASE("cli: command line errors", "[found][cli]")
{
    g_stdin_reads = 0;
    ExpectError(RunCli({}, &CountingStdin), "usage");
    ExpectError(RunCli({"--help"}, &CountingStdin), "usage");
    ExpectError(RunCli({"nosuchcommand"}, &CountingStdin), "nosuchcommand");
    ExpectError(RunCli({"nosuchcommand"}, &CountingStdin), "activations"); // lists the commands
    // Bare flags become fields ({"bogus": true}): rejected by the command, stdin untouched.
    const CliResult flag = RunCli({"activations", "--bogus"}, &CountingStdin);
    ExpectError(flag, "");
    ExpectError(RunCli({"list", "--bogus"}, &CountingStdin), "no flags");
    ExpectError(RunCli({"activations", "stray"}, &CountingStdin), "stray");
    ExpectError(RunCli({"activations", "--input"}, &CountingStdin), "--input");
    ExpectError(RunCli({"activations", "--input", "/nonexistent/dir/in.json"}, &CountingStdin), "/nonexistent/dir/in.json");
    ExpectError(RunCli({"list", "extra"}, &CountingStdin), "extra");
    CHECK(g_stdin_reads == 0);
    ExpectError(RunCliCommand("", ""), "unknown command");
    CHECK(CliCommandNeedsInput("activations"));
    CHECK_FALSE(CliCommandNeedsInput("list"));
    CHECK_FALSE(CliCommandNeedsInput("nosuchcommand"));
}

TEST_CASE("cli: stdin and --input FILE", "[found][cli]")
{
    g_stdin_reads = 0;
    const CliResult from_stdin = RunCli({"activations"}, &CountingStdin);
    CHECK(g_stdin_reads == 1);
    CHECK(from_stdin.ExitCode == 0);
    CHECK(Parse(from_stdin)["y"] == Json::array({0.0, 2.0}));

    const std::string path = "found_cli_test_input.json";
    {
        std::ofstream f(path, std::ios::binary);
        f << R"({"name":"leaky_relu","slope":0.5,"x":[-2, 4]})";
    }
    g_stdin_reads = 0;
    const CliResult from_file = RunCli({"activations", "--input", path}, &CountingStdin);
    CHECK(g_stdin_reads == 0);
    CHECK(from_file.ExitCode == 0);
    CHECK(Parse(from_file) == Json{{"y", {-1.0, 4.0}}, {"dy", {0.5, 1.0}}});
    std::remove(path.c_str());
}

TEST_CASE("cli: invalid UTF-8 on the command line still gives a JSON error (never throws)", "[found][cli]")
{
    // argv is bytes: error messages quote them, and the JSON output must stay valid (a throw
    // here terminates mlviz-cli with SIGABRT instead of exit 2).
    const std::vector<std::vector<std::string>> cases = {
        {"\xff\xfe"},                                         // unknown command
        {"activations", "--input", "/nonexistent/\xff.json"}, // unreadable file
        {"activations", "\xc3"},                              // unknown argument
        {"activations", "--\xff\xfe"},                        // a flag becomes a JSON key
    };
    for (const auto& args : cases) {
        INFO("argument " << args.back());
        CliResult r;
        bool threw = false;
        try {
            r = RunCli(args, &CountingStdin);
        } catch (const std::exception& e) {
            threw = true;
            FAIL_CHECK("RunCli threw: " << e.what());
        }
        if (!threw) ExpectError(r, "");
    }
}
