// A user's module of a CommonJS project that cannot use top-level await: the Promise facade of
// @rayvision/node, the error classes and enumerations of @rayvision/core and the facade's own
// classes from @rayvision/core/promise. tests/consumer/run.mjs typechecks it against the installed
// tarballs under every setting, node10 resolution included (`typesVersions` must map the
// `/promise` entry points and the module subpaths such as `@rayvision/core/Frame` there).
import { ApiError, Frame as FrameOfIndex, Task } from "@rayvision/core"
import * as Frame from "@rayvision/core/Frame"
import { PromiseClient } from "@rayvision/core/promise"
import { createClient, type RayvisionClient } from "@rayvision/node/promise"

export async function renderingTasks(accessKey: string): Promise<Array<number>> {
  const client: RayvisionClient = await createClient({ accessId: "AKID...", accessKey, platform: 2 })
  const rendering: Array<number> = []
  try {
    const profile = await client.user.profile()
    const userId: number = profile.userId
    console.log(`user ${userId}`)
    for await (const task of client.tasks.list({ pageSize: 100, statusList: [Task.TaskStatus.Rendering] })) {
      if (task.taskStatus === Task.TaskStatus.Rendering) rendering.push(task.id)
    }
  } catch (error) {
    if (error instanceof ApiError.InvalidRequest) console.error(`${error.field}: ${error.issue}`)
    else if (error instanceof PromiseClient.ClientClosed) console.error(`closed before ${error.operation}`)
    else throw error
  } finally {
    await client.close()
  }
  return rendering
}

/** The module from its own subpath and through the index: the same values and types. */
export const failed: Frame.FrameStatus = FrameOfIndex.FrameStatus.Failed
export const statuses: typeof FrameOfIndex.FrameStatus = Frame.FrameStatus
