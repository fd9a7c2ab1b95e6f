// SPDX-License-Identifier: MIT
// The typed exceptions of core. Every message is meant to be shown to a user as it is.
#pragma once

#include <stdexcept>
#include <string>

namespace kdw {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A data file that cannot be read or parsed; the message names the file and the line.
class DataError : public Error {
public:
    using Error::Error;
};

// An impossible or malformed experiment config; the message names the field.
class ConfigError : public Error {
public:
    using Error::Error;
};

// The run history could not be opened, read or written; the message names the file and the call.
class StoreError : public Error {
public:
    using Error::Error;
};

// A run was cancelled through its stop token.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace kdw
