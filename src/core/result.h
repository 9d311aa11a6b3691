// Errors in cores are values: a Result holds either a value or a Message (core/message.h) for
// the user, rendered in the interface language by the UI and in English by the CLI.
#pragma once
#include <optional>
#include <utility>

#include "core/message.h"

namespace mlviz {

template <typename T>
class Result {
public:
    Result(T value) : Value_(std::move(value)) {}
    static Result Fail(Message message)
    {
        Result r;
        r.Error_ = std::move(message);
        return r;
    }

    bool Ok() const { return Value_.has_value(); }
    explicit operator bool() const { return Ok(); }
    const T& Value() const { return *Value_; }
    T& Value() { return *Value_; }
    const T* operator->() const { return &*Value_; }
    T* operator->() { return &*Value_; }
    const T& operator*() const { return *Value_; }
    T& operator*() { return *Value_; }
    const Message& Error() const { return Error_; }

private:
    Result() = default;
    std::optional<T> Value_;
    Message Error_;
};

} // namespace mlviz
