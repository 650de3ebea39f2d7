/*
 * Great Mine Rescue: run the map checker whenever a map is saved in Tiled and list its
 * problems in the Issues view (View > Views and Toolbars > Issues). Double-clicking an issue
 * selects the object it is about.
 *
 * Loaded by Tiled from the project's extensions folder (maps/great_mine.tiled-project sets
 * "extensionsPath": "extensions"), or copied into a designer's own extensions folder; see
 * maps/README.md, "Errors and commands inside Tiled".
 *
 * The game's folder (where `python -m game check --json` runs) is, in order: the environment
 * variable GREAT_MINE_RESCUE_ROOT, then the folder this file sits in, three levels up (when
 * loaded from the project), then the nearest folder above the saved map that holds the game
 * (a map inside the repository). A copy in ~/.config/tiled/extensions/ finds none of those
 * for a map in the user maps folder: then GREAT_MINE_RESCUE_ROOT, or an absolute
 * GREAT_MINE_RESCUE_PYTHON whose python has the game installed, tells it.
 *
 * The python is, in order: GREAT_MINE_RESCUE_PYTHON (an absolute path, or a program name on
 * PATH; never silently replaced when it cannot start), then the game folder's own .venv, then
 * `python3`, then `python`, skipping those that cannot import the game: the same order as
 * maps/tools/run_game, which the project's commands run.
 *
 * The logic is plain functions taking Tiled's API objects as parameters, so that
 * tests/level/test_tiled_extension.py can run them under node with a fake `tiled`.
 */

var PYTHON_VARIABLE = "GREAT_MINE_RESCUE_PYTHON";
var ROOT_VARIABLE = "GREAT_MINE_RESCUE_ROOT";
var PYTHON_FALLBACKS = ["python3", "python"];
var GAME_MARKER = "game/__main__.py";  // a folder holding this is the game's
var PREFIX = "Great Mine Rescue: ";
var HOW_TO_POINT = "set " + ROOT_VARIABLE + " to the game's folder (the one holding game/ and " +
    "maps/), or " + PYTHON_VARIABLE + " to the absolute path of the game's python (e.g. " +
    "/home/you/great-mine-rescue/.venv/bin/python), then restart Tiled";

function slashes(path) {
    return String(path).replace(/\\/g, "/");
}

function isAbsolute(path) {
    return /^([A-Za-z]:)?\//.test(slashes(path));
}

/* The folder three levels above this file: the game's, when it lives in <root>/maps/extensions/. */
function repoRoot(scriptPath) {
    var parts = slashes(scriptPath).split("/");
    return parts.slice(0, -3).join("/") || ".";
}

/* The folders above a file, nearest first. */
function foldersAbove(filePath) {
    var parts = slashes(filePath).split("/");
    var folders = [];
    for (var end = parts.length - 1; end > 0; --end)
        folders.push(parts.slice(0, end).join("/") || "/");
    return folders;
}

/*
 * Where the game is: {root, how} ("setting", "extension", "map"), {root: null, how: null}
 * when nowhere, or {error} for a GREAT_MINE_RESCUE_ROOT that is not the game's folder.
 * `fileExists` is Tiled's File.exists (null when the API lacks it: the extension's folder
 * is then trusted, as before).
 */
function findRoot(rootSetting, scriptPath, mapFile, fileExists) {
    if (rootSetting) {
        var root = slashes(rootSetting).replace(/\/+$/, "") || "/";
        if (!isAbsolute(root) || (fileExists && !fileExists(root + "/" + GAME_MARKER)))
            return {error: ROOT_VARIABLE + " is '" + rootSetting + "', which is not the game's " +
                    "folder: set it to the absolute path of the folder holding game/ and maps/"};
        return {root: root, how: "setting"};
    }
    var own = repoRoot(scriptPath);
    if (!fileExists || fileExists(own + "/" + GAME_MARKER))
        return {root: own, how: "extension"};
    var above = mapFile ? foldersAbove(mapFile) : [];
    for (var i = 0; i < above.length; ++i) {
        if (fileExists(above[i].replace(/\/$/, "") + "/" + GAME_MARKER))
            return {root: above[i], how: "map"};
    }
    return {root: null, how: null};
}

/* The pythons to try, in order; one that is not there is skipped. */
function pythonCandidates(environmentValue, root) {
    var candidates = [];
    if (environmentValue)
        candidates.push(environmentValue);
    if (root)
        candidates.push(root + "/.venv/bin/python", root + "/.venv/Scripts/python.exe");
    return candidates.concat(PYTHON_FALLBACKS);
}

/* Why a GREAT_MINE_RESCUE_PYTHON setting cannot be used as written, or "". */
function pythonSettingProblem(value) {
    if (value && !isAbsolute(value) && slashes(value).indexOf("/") >= 0)
        return PYTHON_VARIABLE + " is '" + value + "', a relative path, which Tiled cannot " +
            "follow: set it to the absolute path of the game's python (e.g. " +
            "/home/you/great-mine-rescue/.venv/bin/python) and restart Tiled";
    return "";
}

/* True when a python ran but could not import the game or its packages. */
function lacksTheGame(text) {
    return /No module named|ModuleNotFoundError/.test(String(text));
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
 * and `fileExists` its File.exists (a test passes fakes). Returns the problems, or null when
 * no checker could run (the Issues view then says what to set).
 */
function checkMap(tiledApi, ProcessClass, map, scriptPath, fileExists) {
    function fail(text) {
        tiledApi.error(PREFIX + text, function () {});
        return null;
    }
    var environment = new ProcessClass();
    var pythonSetting = environment.getEnv(PYTHON_VARIABLE) || "";
    var rootSetting = environment.getEnv(ROOT_VARIABLE) || "";
    environment.close();
    var problem = pythonSettingProblem(pythonSetting);
    if (problem)
        return fail(problem);
    var where = findRoot(rootSetting, scriptPath, map.fileName, fileExists);
    if (where.error)
        return fail(where.error);
    var folder = where.root || foldersAbove(map.fileName)[0] || ".";
    var candidates = pythonCandidates(pythonSetting, where.root);
    var lastFailure = "";
    for (var i = 0; i < candidates.length; ++i) {
        var chosen = pythonSetting && i === 0;  // the designer's own choice: never replaced
        var process = new ProcessClass();
        process.workingDirectory = folder;
        process.codec = "UTF-8";
        var code = process.exec(candidates[i], ["-m", "game", "check", "--json", map.fileName],
                                false);
        if (code === -1) {  // no such program
            process.close();
            if (chosen)
                return fail(PYTHON_VARIABLE + " is '" + pythonSetting + "', which could not be " +
                            "started: set it to the absolute path of the game's python (e.g. " +
                            "/home/you/great-mine-rescue/.venv/bin/python) and restart Tiled");
            continue;
        }
        var output = process.readStdOut();
        var errors = process.readStdErr();
        process.close();
        var problems;
        try {
            problems = problemsFromJson(output);
        } catch (e) {
            var said = String(errors || output || e).trim();
            var failure = "`" + candidates[i] + " -m game check --json` failed (exit code " +
                code + ", in " + folder + "): " + said;
            if (!lacksTheGame(said))
                return fail(failure);
            if (chosen)
                return fail(failure + ". That python lacks the game or its packages: " +
                            HOW_TO_POINT);
            lastFailure = failure;
            continue;  // this python lacks the game: try the next
        }
        reportProblems(tiledApi, map, problems);
        return problems;
    }
    if (lastFailure)
        return fail(lastFailure + ". No python here can run the game from " + folder + ": " +
                    HOW_TO_POINT);
    return fail("no python found to check the map: " + HOW_TO_POINT);
}

/* The handler for tiled.assetSaved: checks .tmx maps only. */
function onAssetSaved(tiledApi, ProcessClass, asset, scriptPath, fileExists) {
    if (!asset || !asset.isTileMap || !/\.tmx$/i.test(String(asset.fileName)))
        return null;
    return checkMap(tiledApi, ProcessClass, asset, scriptPath, fileExists);
}

/* The Console line when the extension loads: where it found the game, or how to tell it. */
function loadedMessage(rootSetting, scriptPath, fileExists) {
    var where = findRoot(rootSetting, scriptPath, "", fileExists);
    var text = PREFIX + "the map checker is loaded; saving a .tmx map checks it (";
    if (where.error)
        return text + where.error + ")";
    if (where.root)
        return text + where.root + ")";
    return text + "the game's folder is not beside this extension and is looked for above " +
        "each map; if it is elsewhere, " + HOW_TO_POINT + ")";
}

if (typeof module !== "undefined" && module.exports) {
    module.exports = {
        PYTHON_VARIABLE: PYTHON_VARIABLE,
        ROOT_VARIABLE: ROOT_VARIABLE,
        repoRoot: repoRoot,
        findRoot: findRoot,
        pythonCandidates: pythonCandidates,
        pythonSettingProblem: pythonSettingProblem,
        problemsFromJson: problemsFromJson,
        problemText: problemText,
        findObject: findObject,
        selectProblem: selectProblem,
        reportProblems: reportProblems,
        checkMap: checkMap,
        onAssetSaved: onAssetSaved,
        loadedMessage: loadedMessage,
    };
}

if (typeof tiled !== "undefined" && tiled.assetSaved && typeof Process !== "undefined") {
    var GREAT_MINE_SCRIPT = __filename;
    var greatMineFileExists = (typeof File !== "undefined" && File.exists) ?
        function (path) { return File.exists(path); } : null;
    tiled.assetSaved.connect(function (asset) {
        onAssetSaved(tiled, Process, asset, GREAT_MINE_SCRIPT, greatMineFileExists);
    });
    var greatMineEnvironment = new Process();
    tiled.log(loadedMessage(greatMineEnvironment.getEnv(ROOT_VARIABLE) || "", GREAT_MINE_SCRIPT,
                            greatMineFileExists));
    greatMineEnvironment.close();
}
