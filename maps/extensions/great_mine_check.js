/*
 * Great Mine Rescue: run the map checker whenever a map is saved in Tiled and list its
 * problems in the Issues view (View > Views and Toolbars > Issues). Double-clicking an issue
 * selects the object it is about.
 *
 * Loaded by Tiled from the project's extensions folder (maps/great_mine.tiled-project sets
 * "extensionsPath": "extensions"); see maps/README.md, "Errors and commands inside Tiled".
 *
 * The python that runs `python -m game check --json` is, in order: the environment variable
 * GREAT_MINE_RESCUE_PYTHON, then `python3`, then `python` (found on PATH).
 *
 * The logic is plain functions taking Tiled's API objects as parameters, so that
 * tests/level/test_tiled_extension.py can run them under node with a fake `tiled`.
 */

var PYTHON_VARIABLE = "GREAT_MINE_RESCUE_PYTHON";
var PYTHON_FALLBACKS = ["python3", "python"];

/* The repository root: this file lives in <root>/maps/extensions/. */
function repoRoot(scriptPath) {
    var parts = String(scriptPath).replace(/\\/g, "/").split("/");
    return parts.slice(0, -3).join("/") || ".";
}

/* The pythons to try, in order. */
function pythonCandidates(environmentValue) {
    var candidates = [];
    if (environmentValue)
        candidates.push(environmentValue);
    return candidates.concat(PYTHON_FALLBACKS);
}

/* The problems in `check --json`'s output; throws when it is not that JSON list. */
function problemsFromJson(text) {
    var problems = JSON.parse(text);
    if (!Array.isArray(problems))
        throw new Error("the checker did not print a JSON list");
    return problems;
}

/* One problem as the plain `check` line shows it. */
function problemText(problem) {
    if (problem.object_id === null || problem.object_id === undefined)
        return problem.file + ": " + problem.message;
    return problem.file + ": object " + problem.object_id + " (" + problem.name + "): " +
        problem.message;
}

/* The object with this id in the map, searching object layers inside group layers too. */
function findObject(map, id) {
    function search(container) {
        for (var i = 0; i < container.layerCount; ++i) {
            var layer = container.layerAt(i);
            if (layer.isObjectLayer) {
                var objects = layer.objects;
                for (var j = 0; j < objects.length; ++j) {
                    if (objects[j].id === id)
                        return objects[j];
                }
            } else if (layer.isGroupLayer) {
                var found = search(layer);
                if (found)
                    return found;
            }
        }
        return null;
    }
    return search(map);
}

/* Select the problem's object (if it still exists) and bring its map to the front. */
function selectProblem(tiledApi, map, problem) {
    if (tiledApi.activeAsset !== map)
        tiledApi.activeAsset = map;
    if (problem.object_id === null || problem.object_id === undefined)
        return;
    var object = findObject(map, problem.object_id);
    if (object)
        map.selectedObjects = [object];
    else
        tiledApi.warn("object " + problem.object_id + " is no longer in the map", function () {});
}

/* Put each problem into the Issues view; activating one selects its object. */
function reportProblems(tiledApi, map, problems) {
    problems.forEach(function (problem) {
        tiledApi.error(problemText(problem), function () {
            selectProblem(tiledApi, map, problem);
        });
    });
    if (problems.length === 0)
        tiledApi.log("Great Mine Rescue: " + map.fileName + " is clean");
}

/*
 * Run the checker on a saved map and report what it says. `ProcessClass` is Tiled's Process
 * (a test passes a fake). Returns the problems, or null when no checker could run.
 */
function checkMap(tiledApi, ProcessClass, map, root) {
    var environment = new ProcessClass();
    var candidates = pythonCandidates(environment.getEnv(PYTHON_VARIABLE));
    environment.close();
    for (var i = 0; i < candidates.length; ++i) {
        var process = new ProcessClass();
        process.workingDirectory = root;
        process.codec = "UTF-8";
        var code = process.exec(candidates[i], ["-m", "game", "check", "--json", map.fileName],
                                false);
        if (code === -1) {  // no such program: try the next one
            process.close();
            continue;
        }
        var output = process.readStdOut();
        var errors = process.readStdErr();
        process.close();
        var problems;
        try {
            problems = problemsFromJson(output);
        } catch (e) {
            tiledApi.error("Great Mine Rescue: `" + candidates[i] + " -m game check --json` " +
                           "failed (exit code " + code + "): " + (errors || output || e), function () {});
            return null;
        }
        reportProblems(tiledApi, map, problems);
        return problems;
    }
    tiledApi.error("Great Mine Rescue: no python found to check the map; set " + PYTHON_VARIABLE +
                   " to the game's python (e.g. its .venv/bin/python)", function () {});
    return null;
}

/* The handler for tiled.assetSaved: checks .tmx maps only. */
function onAssetSaved(tiledApi, ProcessClass, asset, root) {
    if (!asset || !asset.isTileMap || !/\.tmx$/i.test(String(asset.fileName)))
        return null;
    return checkMap(tiledApi, ProcessClass, asset, root);
}

if (typeof module !== "undefined" && module.exports) {
    module.exports = {
        PYTHON_VARIABLE: PYTHON_VARIABLE,
        repoRoot: repoRoot,
        pythonCandidates: pythonCandidates,
        problemsFromJson: problemsFromJson,
        problemText: problemText,
        findObject: findObject,
        selectProblem: selectProblem,
        reportProblems: reportProblems,
        checkMap: checkMap,
        onAssetSaved: onAssetSaved,
    };
}

if (typeof tiled !== "undefined" && tiled.assetSaved && typeof Process !== "undefined") {
    var GREAT_MINE_ROOT = repoRoot(__filename);
    tiled.assetSaved.connect(function (asset) {
        onAssetSaved(tiled, Process, asset, GREAT_MINE_ROOT);
    });
}
