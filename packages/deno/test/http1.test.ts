// Runs on Deno (`deno test --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1`):
// core's HTTP/1.1 client over Deno's `node:net`, as the adapter sends, against raw TCP servers on
// 127.0.0.1 (tests/runtime/http1.ts).
import { test } from "node:test"
import * as net from "node:net"
import * as tls from "node:tls"
import { http1Tests } from "../../../tests/runtime/http1.ts"

http1Tests(test, "Deno", { connect: net.connect, connectTls: tls.connect })
