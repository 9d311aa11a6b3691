// Errors in cores are values: a Result holds either a value or a message for the user.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace mlviz {

template <typename T>
class Result {
public:
    Result(T value) : Value_(std::move(value)) {}
    static Result Fail(std::string message) { Result r; r.Error_ = std::move(message); return r; }

    bool Ok() const { return Value_.has_value(); }
    explicit operator bool() const { return Ok(); }
    const T& Value() const { return *Value_; }
    T& Value() { return *Value_; }
    const T* operator->() const { return &*Value_; }
    const T& operator*() const { return *Value_; }
    T& operator*() { return *Value_; }
    const std::string& Error() const { return Error_; }

private:
    Result() = default;
    std::optional<T> Value_;
    std::string Error_;
};

} // namespace mlviz
