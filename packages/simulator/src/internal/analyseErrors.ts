/**
 * The analysis error catalogue of the simulated service (docs/protocol.md 4.3.11, 6.8): the
 * codes the scene analysis writes into `tips.json`, with their descriptions in Chinese and English.
 * `type` 1 is an error that blocks submission (`isOpen` 1), 0 a warning. It is a constant (the same
 * for every seed), so tests and the task-submission check can rely on it; `queryAnalyseErrorDetail`
 * answers rows built from it.
 *
 * @internal
 */

import type { AnalyseErrorCode } from "../Simulator.ts"

const guide = (code: string) => `https://www.renderbus.com/support-new/analysis-error/${code}/`

/**
 * The catalogue, one code a line, warnings (`1xxxx`) first: the code, `type`, `isRepair`, then
 * the description and the solution in Chinese, then in English, separated by ` | `.
 */
const TABLE = `
10010 | 0 | 0 | 场景中存在未设置为可渲染的相机 | 确认需要渲染的相机已勾选可渲染 | The scene has cameras that are not set as renderable | Make sure the cameras to render are marked renderable
10013 | 0 | 1 | 场景伽马设置与输出设置不一致 | 检查首选项中的伽马与 LUT 设置 | The scene gamma differs from the output gamma | Check the gamma and LUT settings in the preferences
10015 | 0 | 0 | 渲染帧范围过大 | 确认帧范围与步长设置正确 | The frame range is very large | Check the frame range and step
10025 | 0 | 1 | 代理文件缺失，已忽略 | 上传缺失的代理文件或在场景中移除引用 | A proxy file is missing and was ignored | Upload the missing proxy file or remove its reference from the scene
15000 | 1 | 0 | 场景中存在缺失的贴图 | 找回缺失的贴图并重新上传，或在场景中替换贴图路径 | The scene references missing textures | Find the missing textures and upload them again, or fix the texture paths in the scene
15002 | 1 | 0 | 场景文件路径包含不支持的字符 | 重命名文件或目录，只使用字母、数字和下划线 | The scene file path contains unsupported characters | Rename the files or folders using letters, digits and underscores only
15010 | 1 | 0 | 找不到渲染相机 | 在场景中设置至少一个渲染相机 | No render camera was found | Set at least one render camera in the scene
15013 | 1 | 1 | 未设置渲染输出路径 | 在渲染设置中指定输出文件名与格式 | The render output path is not set | Set the output file name and format in the render settings
15020 | 1 | 0 | 平台不支持场景使用的渲染器 | 更换为平台支持的渲染器版本 | The renderer used by the scene is not supported | Switch to a renderer version the platform supports
15022 | 1 | 0 | 插件版本不受支持 | 在渲染环境中选择受支持的插件版本 | A plugin version is not supported | Choose a supported plugin version in the render environment
`

/** A line of {@link TABLE} as a catalogue entry (`isOpen` is `type`: the errors block submission). */
const entryOf = (line: string): AnalyseErrorCode => {
  const [code = "", type, isRepair, zhDescription = "", zhSolution = "", enDescription = "", enSolution = ""] =
    line.split(" | ")
  const flag = (field: string | undefined): 0 | 1 => (field === "1" ? 1 : 0)
  return {
    code,
    type: flag(type),
    isRepair: flag(isRepair),
    isOpen: flag(type),
    solutionPath: guide(code),
    zh: { description: zhDescription, solution: zhSolution },
    en: { description: enDescription, solution: enSolution }
  }
}

/** Every code the simulated service knows, warnings (`1xxxx`) first. @internal */
export const ANALYSE_ERRORS: ReadonlyArray<AnalyseErrorCode> = TABLE.trim().split("\n").map(entryOf)

/** The catalogue entry of a code, if the service knows it. @internal */
export const analyseError = (code: string): AnalyseErrorCode | undefined => ANALYSE_ERRORS.find((e) => e.code === code)
