#include "ui/data_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace mlviz {

const DataFiles::Entry& DataFiles::Get(const std::string& name)
{
    auto it = Files.find(name);
    if (it != Files.end()) return it->second;
    it = Files.emplace(name, Entry{}).first;
    if (Request)
        Request(*this, name);
    else
        Fail(name, "no data source");
    return Files.at(name);
}

void DataFiles::Deliver(const std::string& name, std::string bytes)
{
    Entry& e = Files[name];
    e.State = Status::Ready;
    e.Bytes = std::move(bytes);
    e.Error.clear();
}

void DataFiles::Fail(const std::string& name, std::string error)
{
    Entry& e = Files[name];
    e.State = Status::Failed;
    e.Bytes.clear();
    e.Error = std::move(error);
}

DataFiles::Requester FolderRequester(std::string folder)
{
    return [folder](DataFiles& files, const std::string& name) {
        if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) {
            files.Fail(name, "bad data file name");
            return;
        }
        std::ifstream in(folder + "/" + name, std::ios::binary);
        if (!in) {
            files.Fail(name, "not found in " + folder + " (run scripts/data.sh)");
            return;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        files.Deliver(name, ss.str());
    };
}

std::string DefaultDataFolder()
{
    if (const char* env = std::getenv("MLVIZ_DATA_DIR"); env && *env) return env;
#if defined(MLVIZ_DEFAULT_DATA_DIR)
    return MLVIZ_DEFAULT_DATA_DIR;
#else
    return "data";
#endif
}

} // namespace mlviz
