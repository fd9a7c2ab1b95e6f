// SPDX-License-Identifier: MIT
// Command-line overrides of a config ("--set distillation.temperature=4"): each one sets one value
// of the config's JSON before the config reader sees it, so an override is refused exactly as the
// same key in a file would be (unknown key with the nearest known one, wrong type, out of range).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/train/config.h"

namespace kdw::train {

// One "key.path=value": the dotted path of a config field (array elements by their 0-based
// index, "teacher.model.layers.1.units") and the value as typed.
struct ConfigOverride {
    std::string path;
    std::string value;
};

// Splits "key.path=value" at its first '='. Throws ConfigError "--set 'x': expected
// key.path=value" when there is no '=', the path is empty or has an empty part ("a..b").
ConfigOverride parseOverride(const std::string& text);

// Sets each override into `doc` (a config's JSON object), in order; an object or array on its
// path that `doc` lacks is taken from the built-in config (so "teacher.model.layers.1.units=32"
// works on a document without layers), else created empty. The value is JSON when it reads as JSON
// (4, 0.5, true, null, [5,10], "quoted") and text otherwise (soft_target, u.data); a field whose
// schema type is "string" always takes the text as written (a run named 2024). Throws ConfigError
// for a malformed override, an index into something that is not an array, or an index past its end;
// unknown keys and bad values are left for configFromJson to refuse.
void applyOverrides(nlohmann::json& doc, const std::vector<std::string>& overrides);

// The config of `path` (empty: the built-in defaults) with `overrides` applied, read and validated
// as configFromJson reads a file. A relative dataset.path from the file is relative to the file's
// folder (as loadConfigFile makes it); one given by an override is relative to the working
// directory. Throws ConfigError prefixed with the file's path (or "--set" without a file).
ExperimentConfig configWithOverrides(const std::string& path,
    const std::vector<std::string>& overrides, const ConfigReadOptions& options = {});

} // namespace kdw::train
