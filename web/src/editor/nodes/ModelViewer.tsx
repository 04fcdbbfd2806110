// An orbiting 3D viewer for glb/gltf results, in a node or filling the result viewer. Loaded lazily: three.js
// stays out of the first bundle.

import { useEffect, useRef, useState } from "react";
import {
  AmbientLight, Box3, Color, DirectionalLight, PerspectiveCamera, Scene, Vector3, WebGLRenderer,
} from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

/** Fills its parent (a node's result frame, the full-size viewer) and follows its size. */
export default function ModelViewer({ url }: { url: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let renderer: WebGLRenderer;
    try {
      renderer = new WebGLRenderer({ antialias: true, alpha: true });
    } catch {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- only a failed renderer tells WebGL is missing
      setError("3D preview needs WebGL");
      return;
    }
    const width = element.clientWidth || 220;
    const height = element.clientHeight || 180;
    renderer.setSize(width, height);
    renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    element.appendChild(renderer.domElement);
    const scene = new Scene();
    scene.background = new Color(0x18181b);
    scene.add(new AmbientLight(0xffffff, 1.2));
    const sun = new DirectionalLight(0xffffff, 2);
    sun.position.set(3, 5, 4);
    scene.add(sun);
    const camera = new PerspectiveCamera(45, width / height, 0.01, 1000);
    const controls = new OrbitControls(camera, renderer.domElement);
    controls.autoRotate = true;
    let frame = 0;
    const resize = new ResizeObserver(() => {
      const [w, h] = [element.clientWidth, element.clientHeight];
      if (w === 0 || h === 0) return;
      renderer.setSize(w, h);
      camera.aspect = w / h;
      camera.updateProjectionMatrix();
    });
    resize.observe(element);
    new GLTFLoader().load(url, (gltf) => {
      scene.add(gltf.scene);
      const box = new Box3().setFromObject(gltf.scene);
      const size = box.getSize(new Vector3()).length() || 1;
      const centre = box.getCenter(new Vector3());
      camera.position.copy(centre).add(new Vector3(size * 0.6, size * 0.4, size * 0.9));
      controls.target.copy(centre);
    }, undefined, () => setError("Could not load this model"));
    const tick = () => {
      controls.update();
      renderer.render(scene, camera);
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      controls.dispose();
      renderer.dispose();
      renderer.domElement.remove();
    };
  }, [url]);

  if (error) return <p className="p-3 text-[11px] text-zinc-500">{error}</p>;
  return <div ref={host} className="nodrag nowheel h-full w-full" data-testid="model-viewer" />;
}
