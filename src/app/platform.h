// What the app shell asks of its platform (browser page or desktop), so App itself stays
// free of SDL, GL and JavaScript. main.cpp implements it; tests use the defaults.
#pragma once
#include <string>

namespace mlviz {

class Platform {
public:
    virtual ~Platform() = default;
    // Address of the full app without query or fragment, e.g. "https://host/mlviz/"; empty
    // natively (links are then shown relative: "index.html#...").
    virtual std::string PageUrl() const { return {}; }
    // Opens the full app at `fragment` (embed mode's "open in mlviz" link).
    virtual void OpenFullApp(const std::string& fragment) { (void)fragment; }
};

} // namespace mlviz
