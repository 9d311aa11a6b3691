// Topic data (photos, the Haar cascade, the digits) that is not in the first download: a view
// asks for a file by name when it opens, and gets its bytes once they arrive. On the web the page
// fetches "data/<name>" next to index.html (the app's first frame never waits for it); natively
// and in tests the files are read from the data folder made by scripts/data.sh.
#pragma once
#include <functional>
#include <map>
#include <string>

namespace mlviz {

class DataFiles {
public:
    enum class Status { Loading, Ready, Failed };
    struct Entry {
        Status State = Status::Loading;
        std::string Bytes;
        std::string Error; // Failed: why (English from the platform; the view adds its words)
    };
    // Starts loading `name`; it calls Deliver or Fail now or later (the next frames).
    using Requester = std::function<void(DataFiles& files, const std::string& name)>;

    explicit DataFiles(Requester requester = {}) : Request(std::move(requester)) {}

    // The file `name` ("images/astronaut.png"): requested the first time it is asked for.
    const Entry& Get(const std::string& name);
    void Deliver(const std::string& name, std::string bytes);
    void Fail(const std::string& name, std::string error);
    void SetRequester(Requester requester) { Request = std::move(requester); }
    // Files asked for so far, loaded or not (for tests and the start-up check).
    std::size_t RequestCount() const { return Files.size(); }

private:
    Requester Request;
    std::map<std::string, Entry> Files;
};

// Reads the files from `folder` at once (the desktop app, headless tests, the CLI); a name that
// leaves the folder ("../x", "/etc/x") fails.
DataFiles::Requester FolderRequester(std::string folder);

// The data folder of this build (scripts/data.sh puts it in build/data), or MLVIZ_DATA_DIR from
// the environment when set.
std::string DefaultDataFolder();

} // namespace mlviz
