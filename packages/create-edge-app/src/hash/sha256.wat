;; SHA-256 (FIPS 180-4, section 6.2), the compression function only: the caller (sha256.ts)
;; pads the message, lays it out in memory and reads the digest back.
;;
;; Memory: 0..255 the 64 round constants K (written by the caller), 256..511 the message
;; schedule W, 512..543 the hash state H (set to the initial value by the caller, the digest
;; afterwards), the padded message from 1024 on. Words are kept in the machine's (little-
;; endian) order; the message's big-endian words are swapped as they are loaded.
(module
  (memory (export "memory") 1)

  (func $bigEndian (param $x i32) (result i32)
    (i32.or
      (i32.or
        (i32.shl (local.get $x) (i32.const 24))
        (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
      (i32.or
        (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
        (i32.shr_u (local.get $x) (i32.const 24)))))

  ;; Runs the compression function over the 64-byte blocks in [$from, $to).
  (func (export "blocks") (param $from i32) (param $to i32)
    (local $i i32) (local $w i32) (local $t1 i32) (local $t2 i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))

        ;; W[0..15]: the block's words.
        (local.set $i (i32.const 0))
        (loop $load
          (i32.store offset=256 (local.get $i)
            (call $bigEndian (i32.load (i32.add (local.get $from) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $load (i32.lt_u (local.get $i) (i32.const 64))))

        ;; W[16..63] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]; $i is the byte offset 4t,
        ;; so W[t-k] is at 256 + $i - 4k.
        (loop $schedule
          (local.set $w (i32.load offset=196 (local.get $i)))
          (local.set $t1
            (i32.xor
              (i32.xor (i32.rotr (local.get $w) (i32.const 7)) (i32.rotr (local.get $w) (i32.const 18)))
              (i32.shr_u (local.get $w) (i32.const 3))))
          (local.set $w (i32.load offset=248 (local.get $i)))
          (local.set $t2
            (i32.xor
              (i32.xor (i32.rotr (local.get $w) (i32.const 17)) (i32.rotr (local.get $w) (i32.const 19)))
              (i32.shr_u (local.get $w) (i32.const 10))))
          (i32.store offset=256 (local.get $i)
            (i32.add
              (i32.add (local.get $t1) (local.get $t2))
              (i32.add (i32.load offset=228 (local.get $i)) (i32.load offset=192 (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $schedule (i32.lt_u (local.get $i) (i32.const 256))))

        (local.set $a (i32.load (i32.const 512)))
        (local.set $b (i32.load (i32.const 516)))
        (local.set $c (i32.load (i32.const 520)))
        (local.set $d (i32.load (i32.const 524)))
        (local.set $e (i32.load (i32.const 528)))
        (local.set $f (i32.load (i32.const 532)))
        (local.set $g (i32.load (i32.const 536)))
        (local.set $h (i32.load (i32.const 540)))

        ;; The 64 rounds: T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]; T2 = Σ0(a) + Maj(a,b,c).
        (local.set $i (i32.const 0))
        (loop $round
          (local.set $t1
            (i32.add
              (i32.add
                (local.get $h)
                (i32.xor
                  (i32.xor (i32.rotr (local.get $e) (i32.const 6)) (i32.rotr (local.get $e) (i32.const 11)))
                  (i32.rotr (local.get $e) (i32.const 25))))
              (i32.add
                (i32.xor
                  (i32.and (local.get $e) (local.get $f))
                  (i32.and (i32.xor (local.get $e) (i32.const -1)) (local.get $g)))
                (i32.add (i32.load (local.get $i)) (i32.load offset=256 (local.get $i))))))
          (local.set $t2
            (i32.add
              (i32.xor
                (i32.xor (i32.rotr (local.get $a) (i32.const 2)) (i32.rotr (local.get $a) (i32.const 13)))
                (i32.rotr (local.get $a) (i32.const 22)))
              (i32.xor
                (i32.xor
                  (i32.and (local.get $a) (local.get $b))
                  (i32.and (local.get $a) (local.get $c)))
                (i32.and (local.get $b) (local.get $c)))))
          (local.set $h (local.get $g))
          (local.set $g (local.get $f))
          (local.set $f (local.get $e))
          (local.set $e (i32.add (local.get $d) (local.get $t1)))
          (local.set $d (local.get $c))
          (local.set $c (local.get $b))
          (local.set $b (local.get $a))
          (local.set $a (i32.add (local.get $t1) (local.get $t2)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $round (i32.lt_u (local.get $i) (i32.const 256))))

        (i32.store (i32.const 512) (i32.add (i32.load (i32.const 512)) (local.get $a)))
        (i32.store (i32.const 516) (i32.add (i32.load (i32.const 516)) (local.get $b)))
        (i32.store (i32.const 520) (i32.add (i32.load (i32.const 520)) (local.get $c)))
        (i32.store (i32.const 524) (i32.add (i32.load (i32.const 524)) (local.get $d)))
        (i32.store (i32.const 528) (i32.add (i32.load (i32.const 528)) (local.get $e)))
        (i32.store (i32.const 532) (i32.add (i32.load (i32.const 532)) (local.get $f)))
        (i32.store (i32.const 536) (i32.add (i32.load (i32.const 536)) (local.get $g)))
        (i32.store (i32.const 540) (i32.add (i32.load (i32.const 540)) (local.get $h)))
        (local.set $from (i32.add (local.get $from) (i32.const 64)))
        (br $block)))))
