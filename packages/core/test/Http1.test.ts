// Core's HTTP/1.1 client over Node's sockets (tests/runtime/http1.ts, which Bun and Deno run too).
import { it } from "@effect/vitest"
import * as net from "node:net"
import * as tls from "node:tls"
import { http1Tests } from "../../../tests/runtime/http1.ts"

http1Tests(it, "Node", { connect: net.connect, connectTls: tls.connect })
